namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// Whether this silo has caught up with the grid's feature catalogue since it started. A silo starts from its
/// <c>features.json</c>, which may be older than the version the grid stores; until the first successful refresh
/// (<see cref="CatalogRefresher"/>) it would apply events without the features only the newer version declares, and an
/// online backfill planned before may end below those events. Live ingestion therefore waits for <see cref="FirstRefresh"/>.
/// </summary>
public sealed class CatalogSync
{
    private readonly TaskCompletionSource _firstRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this silo serves the grid's stored catalogue version (or has published its own).</summary>
    public Task FirstRefresh => _firstRefresh.Task;

    /// <summary>Whether <see cref="FirstRefresh"/> has completed.</summary>
    public bool Refreshed => _firstRefresh.Task.IsCompleted;

    /// <summary>Called after each successful refresh; only the first one changes anything.</summary>
    public void MarkRefreshed() => _firstRefresh.TrySetResult();
}
