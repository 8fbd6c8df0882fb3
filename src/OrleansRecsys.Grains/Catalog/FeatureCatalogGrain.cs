using Microsoft.Extensions.Logging;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// The grid's catalogue (key 0). A proposal is parsed and validated (400 naming feature and field), must raise the
/// version, and must leave every active registered model version its features, computed as before
/// (<see cref="CatalogCompatibility"/>); only then is it stored. Silos pull it (<see cref="CatalogRefresher"/>), so it
/// does not matter which silo took the proposal. Silo reports are kept in memory: they are current within a refresh.
/// </summary>
internal sealed class FeatureCatalogGrain(
    [PersistentState(StateNames.FeatureCatalog, StorageNames.Recsys)] IPersistentState<FeatureCatalogState> state,
    ILogger<FeatureCatalogGrain> logger) : Grain, IFeatureCatalogGrain
{
    /// <summary>How long a silo's report counts: a silo that stopped reporting is gone or partitioned away.</summary>
    private static readonly TimeSpan ReportLifetime = TimeSpan.FromMinutes(1);

    private readonly CommittedState<FeatureCatalogState> _state = new(state);
    private readonly Dictionary<string, CatalogSiloVersion> _silos = new(StringComparer.Ordinal);
    private FeatureCatalog? _parsed;

    public async Task<CatalogUpdateResult> ProposeAsync(string document, string who)
    {
        FeatureCatalog proposed;
        try
        {
            proposed = FeatureCatalog.Parse(document);
        }
        catch (CatalogException ex)
        {
            return new CatalogUpdateResult(CatalogUpdateStatus.Invalid, ex.Message, StoredVersion);
        }

        var change = Stored() is { } current
            ? CatalogCompatibility.Check(current, proposed, await ModelUsesAsync())
            : new CatalogChange(CatalogChangeKind.Adopt);
        if (change.Kind != CatalogChangeKind.Adopt)
        {
            return new CatalogUpdateResult(StatusOf(change.Kind), change.Error, StoredVersion);
        }

        await _state.CommitAsync(new FeatureCatalogState { Current = new CatalogDocumentInfo(proposed.Version, document, DateTimeOffset.UtcNow, who) });
        _parsed = proposed;
        logger.LogInformation("Feature catalogue version {Version} adopted by {Who}: {Count} features", proposed.Version, who, proposed.Names.Count);
        return new CatalogUpdateResult(CatalogUpdateStatus.Adopted, null, proposed.Version);
    }

    public ValueTask<CatalogDocumentInfo?> GetAsync() => ValueTask.FromResult(_state.Value.Current);

    public Task ReportAsync(string silo, int version)
    {
        _silos[silo] = new CatalogSiloVersion(silo, version, DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }

    public ValueTask<CatalogStatus> GetStatusAsync()
    {
        var cutoff = DateTimeOffset.UtcNow - ReportLifetime;
        var silos = _silos.Values.Where(s => s.ReportedAt >= cutoff).OrderBy(s => s.Silo, StringComparer.Ordinal).ToArray();
        var current = _state.Value.Current;
        return ValueTask.FromResult(new CatalogStatus(StoredVersion, current?.AdoptedAt, current?.Who, Stored()?.Names.ToArray() ?? [], silos));
    }

    private int StoredVersion => _state.Value.Current?.Version ?? 0;

    private FeatureCatalog? Stored() => _state.Value.Current is { } current ? _parsed ??= FeatureCatalog.Parse(current.Document) : null;

    /// <summary>The features every active version of every registered model reads.</summary>
    private async Task<List<ModelFeatureUse>> ModelUsesAsync()
    {
        var uses = new List<ModelFeatureUse>();
        foreach (var model in await GrainFactory.GetGrain<IModelIndexGrain>(0).ListAsync())
        {
            foreach (var version in await GrainFactory.GetGrain<IModelRegistryGrain>(model).ListAsync())
            {
                if (version.Status == ModelStatus.Active)
                {
                    uses.Add(new ModelFeatureUse(model, version.Manifest.Version, version.Manifest.Features));
                }
            }
        }

        return uses;
    }

    private static CatalogUpdateStatus StatusOf(CatalogChangeKind kind) => kind switch
    {
        CatalogChangeKind.Unchanged => CatalogUpdateStatus.Unchanged,
        CatalogChangeKind.StaleVersion => CatalogUpdateStatus.StaleVersion,
        _ => CatalogUpdateStatus.Incompatible,
    };
}
