using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// Keeps this silo on the grid's catalogue version, every <c>Recsys:Grid:CatalogRefreshMs</c>. The grid's stored version
/// wins: a newer one (a reload through any silo or gateway) is adopted in place; a silo started from a file with a newer
/// version publishes it (a rolling restart), and adopts the stored one instead if the grid refuses it. Each silo reports
/// the version it serves, which is how a reload is seen to have reached every silo. The first successful refresh completes
/// <see cref="CatalogSync"/>, which live ingestion waits for.
/// </summary>
internal sealed class CatalogRefresher(
    FeatureCatalog catalog,
    CatalogSync sync,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<GridOptions> options,
    ILogger<CatalogRefresher> logger)
    : BackgroundService
{
    private string? _refusedDocument;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.CatalogRefreshMs));
        do
        {
            await RefreshOnceAsync();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One tick: a refresh that fails is tried again on the next; one that succeeds marks the silo in sync.</summary>
    internal async Task RefreshOnceAsync()
    {
        try
        {
            await RefreshAsync();
            sync.MarkRefreshed();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Before the first success live ingestion is held back, which an operator needs to see.
            logger.Log(sync.Refreshed ? LogLevel.Debug : LogLevel.Warning, ex,
                "Feature catalogue refresh failed; the next tick tries again (first refresh done: {Refreshed})", sync.Refreshed);
        }
    }

    internal async Task RefreshAsync()
    {
        var grid = grains.GetGrain<IFeatureCatalogGrain>(0);
        var stored = await grid.GetAsync();
        if ((stored is null || stored.Version < catalog.Version) && catalog.Text != _refusedDocument)
        {
            await PublishAsync(grid);
            stored = await grid.GetAsync();
        }

        if (stored is not null && (stored.Version != catalog.Version || stored.Document != catalog.Text))
        {
            Adopt(stored);
        }

        await grid.ReportAsync(silo.SiloAddress.ToString(), catalog.Version);
    }

    private async Task PublishAsync(IFeatureCatalogGrain grid)
    {
        var result = await grid.ProposeAsync(catalog.Text, $"silo {silo.SiloAddress}");
        if (result.Status is CatalogUpdateStatus.Invalid or CatalogUpdateStatus.Incompatible or CatalogUpdateStatus.StaleVersion)
        {
            _refusedDocument = catalog.Text;
            logger.LogError("The grid refused this silo's feature catalogue version {Version} ({Reason}); serving the grid's version {Stored}",
                catalog.Version, result.Error, result.Version);
        }
    }

    private void Adopt(CatalogDocumentInfo stored)
    {
        var previous = catalog.Version;
        catalog.Adopt(FeatureCatalog.Parse(stored.Document));
        logger.LogInformation("Feature catalogue version {Version} adopted (was {Previous}), stored by {Who} at {At}", stored.Version, previous, stored.Who, stored.AdoptedAt);
    }
}
