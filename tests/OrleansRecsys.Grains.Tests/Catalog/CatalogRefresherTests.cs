using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Catalog;

namespace OrleansRecsys.Grains.Tests.Catalog;

/// <summary>
/// A silo started from an older <c>features.json</c> than the grid stores is in sync only once a refresh has adopted the
/// grid's version: live ingestion waits for that (<see cref="CatalogSync"/>), so no event is applied without the newer
/// version's features.
/// </summary>
public sealed class CatalogRefresherTests
{
    private readonly FeatureCatalog _catalog = FeatureCatalog.Load("features.json");
    private readonly CatalogSync _sync = new();
    private readonly FlakyCatalogGrain _grid;
    private readonly CatalogRefresher _refresher;

    public CatalogRefresherTests()
    {
        var newer = _catalog.Text.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal);
        _grid = new FlakyCatalogGrain(new CatalogDocumentInfo(2, newer, DateTimeOffset.UnixEpoch, "operator"));
        _refresher = new CatalogRefresher(_catalog, _sync, CatalogGrainFactory.Create(_grid), new LocalSilo(),
            Options.Create(new GridOptions()), NullLogger<CatalogRefresher>.Instance);
    }

    [Fact]
    public async Task A_silo_whose_first_refresh_failed_is_not_in_sync_and_still_serves_its_file()
    {
        _grid.Unreachable = true;

        await _refresher.RefreshOnceAsync();

        Assert.False(_sync.Refreshed);
        Assert.False(_sync.FirstRefresh.IsCompleted);
        Assert.Equal(1, _catalog.Version);
    }

    [Fact]
    public async Task The_first_successful_refresh_adopts_the_grids_version_and_only_then_marks_the_silo_in_sync()
    {
        _grid.Unreachable = true;
        await _refresher.RefreshOnceAsync();
        _grid.Unreachable = false;

        await _refresher.RefreshOnceAsync();

        Assert.Equal(2, _catalog.Version);
        Assert.Equal([2], _grid.Reported);
        Assert.True(_sync.FirstRefresh.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_later_failed_refresh_leaves_the_silo_in_sync()
    {
        await _refresher.RefreshOnceAsync();
        _grid.Unreachable = true;

        await _refresher.RefreshOnceAsync();

        Assert.True(_sync.Refreshed);
    }
}
