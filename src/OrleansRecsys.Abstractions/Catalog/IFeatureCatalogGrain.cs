using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>
/// The grid's feature catalogue (singleton, key 0): the version every silo serves. A proposed version is validated and
/// checked against every registered model version before it is stored; silos pull the stored version and adopt it, and
/// report which version they run, so a reload reaches every silo, not just the one that took the call.
/// </summary>
[Alias("recsys.IFeatureCatalogGrain")]
public interface IFeatureCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Checks <paramref name="document"/> (a whole catalogue document) and, if the grid can move to it, stores it.</summary>
    [Alias("Propose")] Task<CatalogUpdateResult> ProposeAsync(string document, string who);

    /// <summary>The stored catalogue, or null when no silo has published one yet.</summary>
    [Alias("Get"), AlwaysInterleave] ValueTask<CatalogDocumentInfo?> GetAsync();

    /// <summary>A silo says which catalogue version it serves (every refresh).</summary>
    [Alias("Report"), AlwaysInterleave] Task ReportAsync(string silo, int version);

    /// <summary>The stored version and, per silo that reported in the last minute, the version it serves.</summary>
    [Alias("Status"), AlwaysInterleave] ValueTask<CatalogStatus> GetStatusAsync();
}
