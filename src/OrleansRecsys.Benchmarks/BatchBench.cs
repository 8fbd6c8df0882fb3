using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>batch</c>: users precomputed per second by one run on one in-process silo, then the latency of
/// GET-recommendations answers served precomputed against the same users answered online (a freshness bound of
/// 1 ms makes every list stale), through the silo-local grain as the HTTP API calls it; last, popular lists (global and
/// one category) served from the silo's cache against read from their popularity grains on every request.
/// </summary>
public static class BatchBench
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var users = (int)o.Num("users", 20_000);
        var k = (int)o.Num("k", 50);
        await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Recsys:Batch:ShardsInFlight"] = o.Get("shards-in-flight", "4"),
            ["Recsys:Batch:UsersInFlight"] = o.Get("users-in-flight", "8"),
        });
        await grid.SeedAsync(users, progress: new Progress<string>(m => Console.Error.WriteLine(m)));
        await IndexAsync(grid, users);

        var run = await PrecomputeAsync(grid, k);
        Console.WriteLine($"batch run {run.Status.RunId}: {run.Status.UsersDone} users (k {k}, {run.Status.UsersFailed} failed) in {run.Elapsed.TotalSeconds:F1} s: " +
            $"{run.Status.UsersDone / run.Elapsed.TotalSeconds:F0} users/s on one silo");

        var rate = o.Num("rate", 500);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 15));
        var warmup = Commands.Warmup(o);
        var serving = grid.Grains.GetGrain<IRecommendationsGrain>(0);
        Func<long, Task<bool>> Ask(long maxAgeMs, string expected) => async i =>
        {
            var answer = await serving.GetAsync(new RecommendationsRequest(SyntheticWorld.UserId((int)(i * 7919 % users)), 10, ModelNames.Default, maxAgeMs, 50));
            return answer.Source != expected || answer.Fallback; // counted as a fallback: not the path measured
        };

        Console.WriteLine(LoadResult.Header);
        Console.WriteLine(await OpenLoop.RunAsync("recommendations precomputed", rate, seconds, Ask(0, RecommendationSources.Precomputed), warmup));
        Console.WriteLine(await OpenLoop.RunAsync("recommendations online", rate, seconds, Ask(1, RecommendationSources.Online), warmup));
        await ComparePopularAsync(grid, new SyntheticWorld(users: users, items: 500, seed: 3).Items[0].Category, k, rate, seconds, warmup);
        return 0;
    }

    /// <summary>Popular lists per segment: the cache users without history and anonymous callers are served from, against
    /// the grain read every request made before it.</summary>
    private static async Task ComparePopularAsync(GridUnderTest grid, string category, int k, double rate, TimeSpan seconds, TimeSpan warmup)
    {
        var cache = grid.Services.GetRequiredService<PopularLists>();
        foreach (var segment in new[] { PopularityKeys.Global, PopularityKeys.Category(category) })
        {
            var grain = grid.Grains.GetGrain<IPopularityGrain>(segment);
            Console.WriteLine(await OpenLoop.RunAsync($"popular {segment} cached", rate, seconds,
                async _ => (await cache.GetAsync(segment)).Top(k, []).Length == 0, warmup));
            Console.WriteLine(await OpenLoop.RunAsync($"popular {segment} uncached", rate, seconds,
                async _ => (await grain.TopAsync(k)).Length == 0, warmup));
        }
    }

    /// <summary>What ingestion would have done for seeded users: popular lists (global and per category) and the activity index.</summary>
    private static async Task IndexAsync(GridUnderTest grid, int users)
    {
        var world = new SyntheticWorld(users: users, items: 500, seed: 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var popular = world.Items.Select(item => (item.Category, Entry: new PopularityEntry(item.Id, item.Quality * 100, now))).ToArray();
        await grid.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).UpdateAsync(popular.Select(p => p.Entry).ToArray());
        foreach (var category in popular.GroupBy(p => p.Category))
        {
            await grid.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category(category.Key)).UpdateAsync(category.Select(p => p.Entry).ToArray());
        }

        var byShard = Enumerable.Range(0, users).Select(SyntheticWorld.UserId).GroupBy(ActivityShards.Of);
        await Task.WhenAll(byShard.Select(shard =>
            grid.Grains.GetGrain<IUserActivityShardGrain>(shard.Key).RecordAsync(shard.Select(u => new UserActivity(u, now)).ToArray())));
    }

    private static async Task<(BatchRunStatus Status, TimeSpan Elapsed)> PrecomputeAsync(GridUnderTest grid, int k)
    {
        var coordinator = grid.Grains.GetGrain<IBatchCoordinatorGrain>(ModelNames.Default);
        var started = Stopwatch.StartNew();
        var result = await coordinator.StartAsync(new BatchRunRequest(k, BatchSegment.All, "bench"));
        var status = result.Run ?? throw new InvalidOperationException($"the run did not start: {result.Outcome} {result.Error}");
        BatchRunIds.TryParse(status.RunId, out _, out var sequence);
        while (status.State == BatchRunState.Running)
        {
            await Task.Delay(50);
            status = (await coordinator.GetRunAsync(sequence))!;
        }

        return (status, started.Elapsed);
    }
}
