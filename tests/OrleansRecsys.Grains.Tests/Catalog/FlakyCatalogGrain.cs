namespace OrleansRecsys.Grains.Tests.Catalog;

/// <summary>The grid's catalogue grain, storing <paramref name="stored"/>, unreachable while <see cref="Unreachable"/> is set
/// (as during a silo's start or a storage outage). Records the versions silos report.</summary>
internal sealed class FlakyCatalogGrain(CatalogDocumentInfo stored) : IFeatureCatalogGrain
{
    public bool Unreachable { get; set; }

    public List<int> Reported { get; } = [];

    public Task<CatalogUpdateResult> ProposeAsync(string document, string who) => throw new NotSupportedException("the stored version is newer");

    public ValueTask<CatalogDocumentInfo?> GetAsync() =>
        Unreachable ? throw new TimeoutException("catalogue grain unreachable") : ValueTask.FromResult<CatalogDocumentInfo?>(stored);

    public Task ReportAsync(string silo, int version)
    {
        Reported.Add(version);
        return Task.CompletedTask;
    }

    public ValueTask<CatalogStatus> GetStatusAsync() => throw new NotSupportedException();
}
