using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Features;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>backfill</c>: the online backfill's throughput (log records replayed into the live grains per second) and its effect
/// on live ingestion. Live ingestion runs once alone (which also fills the log), the catalogue is reloaded with two new
/// click counts (version 2), then live ingestion runs again at the same rate while a backfill of version 2 replays the log.
/// Options: <c>--rate</c> (live events/s, default 5000), <c>--seconds</c> (each live run, default 15), <c>--users</c> (2000).
/// </summary>
internal static class BackfillBench
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Recsys:Demo:TrainAtStart"] = "false",
        ["Recsys:Grid:CatalogRefreshMs"] = "200",
    };

    public static async Task<int> RunAsync(LoadOptions o)
    {
        await using var grid = await GridUnderTest.StartAsync(Settings);
        var rate = o.Num("rate", 5_000);
        var users = (int)o.Num("users", 2_000);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 15));
        var alone = await IngestLoad.RunAsync(grid, rate, users, seconds, TimeSpan.FromSeconds(2));
        await ReloadAsync(grid);

        var clock = Stopwatch.StartNew();
        var started = await grid.Grains.GetGrain<IFeatureBackfillGrain>(0).StartAsync(new BackfillRequest(2, null, null, "bench"));
        if (started.Backfill is not { } backfill)
        {
            Console.Error.WriteLine($"[backfill] refused: {started.Outcome} {started.Error}");
            return 1;
        }

        var during = IngestLoad.RunAsync(grid, rate, users, seconds, TimeSpan.Zero);
        var finished = await WaitForAsync(grid, backfill.Id);
        var backfillSeconds = clock.Elapsed.TotalSeconds;
        var racing = await during;
        Console.WriteLine($"{"run",-28} {"records",10} {"seconds",8} {"records/s",10} {"updates",10}");
        Console.WriteLine($"{"backfill v2 (" + finished.State.ToString().ToLowerInvariant() + ")",-28} {finished.EventsRead,10} {backfillSeconds,8:F1} {finished.EventsRead / backfillSeconds,10:F0} {finished.UserUpdates + finished.ItemUpdates,10}");
        Console.WriteLine(IngestLoad.Result.Header);
        Console.WriteLine(alone with { Name = "live alone" });
        Console.WriteLine(racing with { Name = "live during backfill" });
        return finished.State == BackfillState.Completed ? 0 : 1;
    }

    /// <summary>Version 2 of the running catalogue with a user and an item click count added, adopted by the silo.</summary>
    private static async Task ReloadAsync(GridUnderTest grid)
    {
        var catalog = grid.Services.GetRequiredService<FeatureCatalog>();
        var document = catalog.Text.Replace($"\"version\": {catalog.Version}", "\"version\": 2", StringComparison.Ordinal);
        document = document.Insert(document.LastIndexOf(']'),
            """,{ "name": "user_clicks_backfilled", "entity": "user", "agg": "count", "eventTypes": ["click"], "since": 2 },""" +
            """{ "name": "item_clicks_backfilled", "entity": "item", "agg": "count", "eventTypes": ["click"], "since": 2 }""");
        var result = await grid.Grains.GetGrain<IFeatureCatalogGrain>(0).ProposeAsync(document, "bench");
        Console.Error.WriteLine($"[backfill] catalogue: {result.Status} {result.Error}");
        while ((await grid.Grains.GetGrain<IFeatureCatalogGrain>(0).GetStatusAsync()).Silos.Any(s => s.Version < 2) || catalog.Version < 2)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<BackfillStatus> WaitForAsync(GridUnderTest grid, string id)
    {
        while (true)
        {
            var status = await grid.Grains.GetGrain<IFeatureBackfillGrain>(0).GetAsync(id);
            if (status is { State: not BackfillState.Running })
            {
                return status;
            }

            await Task.Delay(200);
        }
    }
}
