namespace OrleansRecsys;

/// <summary>The data-quality section of a model's report: per version that served since the report began, the quality of
/// the values each of its inputs was served (<see cref="InputQuality"/>).</summary>
[GenerateSerializer, Immutable, Alias("recsys.DataQualityReport")]
public sealed record DataQualityReport([Id(0)] VersionDataQuality[] Versions);
