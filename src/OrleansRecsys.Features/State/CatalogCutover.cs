namespace OrleansRecsys.Features.State;

/// <summary>
/// The moment an entity moved from catalogue version <see cref="AfterVersion"/> to <see cref="UpToVersion"/>, as its
/// watermarks then: every event at or below them was applied without the features those versions added (their
/// <c>since</c> lies in (AfterVersion, UpToVersion]); every event above them is applied with them by live ingestion.
/// </summary>
[GenerateSerializer, Alias("recsys.CatalogCutover")]
internal sealed class CatalogCutover
{
    [Id(0)] public int AfterVersion;
    [Id(1)] public int UpToVersion;
    [Id(2)] public SourceOffset[] Watermarks = [];

    public bool Covers(int since) => since > AfterVersion && since <= UpToVersion;
}
