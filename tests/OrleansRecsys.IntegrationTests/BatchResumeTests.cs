using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A batch run outlives its silo: with PostgreSQL, a silo stopped mid-run leaves the run's finished work items and its
/// reminder behind, and a new silo on the same database resumes the run from there without being asked.
/// </summary>
public sealed partial class BatchResumeTests
{
    private const int Users = 160;
    private const int ItemCount = 12;

    private static readonly Dictionary<string, string?> Slow = new()
    {
        ["Recsys:Batch:ResumeCheckSeconds"] = "2",
        ["Recsys:Batch:ActivityFlushSeconds"] = "1",
        ["Recsys:Batch:ShardsInFlight"] = "1",
        ["Recsys:Batch:UsersInFlight"] = "1",
    };

    [Fact]
    public async Task A_silo_restarted_mid_run_resumes_the_run_from_its_persisted_work_items()
    {
        await TestInfra.WithOwnKafkaAsync("batch-resume", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            JsonElement beforeStop;
            await using (var first = await GridHost.StartAsync(kafka, db, "batch-resume-a", store, train: false, extra: Slow))
            {
                await PrepareAsync(first);
                beforeStop = await StartAndStopMidRunAsync(first);
            }

            await using var second = await GridHost.StartAsync(kafka, db, "batch-resume-b", store, train: false, extra: Slow);
            var runId = beforeStop.GetProperty("runId").GetString()!;

            // The last shard's user gets its list without anyone calling the coordinator: the reminder woke it.
            var lastUser = Enumerable.Range(0, Users).Select(UserId).First(u => ActivityShards.Of(u) == Enumerable.Range(0, Users).Select(UserId).Max(ActivityShards.Of));
            await TestInfra.WaitUntil(async () => (await second.Grains.GetGrain<IUserRecommendationsGrain>(UserRecommendationKeys.Of("ranker", lastUser)).GetAsync())?.RunId == runId,
                TimeSpan.FromSeconds(90), $"user {lastUser} of the last shard to get a list from {runId}");

            using var reader = second.Http(Roles.Read);
            JsonElement run = default;
            await TestInfra.WaitUntil(async () => (run = await (await reader.GetAsync($"/v1/batch/runs/{runId}")).Json()).GetProperty("state").GetString() == "completed",
                TimeSpan.FromSeconds(90), () => $"{runId} to complete: {run}");
            Assert.Equal(Users, run.GetProperty("usersDone").GetInt64());
            Assert.Equal(ActivityShards.Count, run.GetProperty("shardsDone").GetInt32());

            // The second silo scored only what was left: the items finished before the stop were not run again.
            var scoredBySecond = await ScoresAsync(second) / ItemCount;
            var doneBeforeStop = beforeStop.GetProperty("usersDone").GetInt64();
            Assert.True(doneBeforeStop > 0);
            Assert.True(scoredBySecond <= Users - doneBeforeStop + UsersPerShardAtMost(), $"the second silo scored {scoredBySecond} users; {doneBeforeStop} were done before the stop");
            Assert.True(scoredBySecond < Users, $"the second silo scored all {scoredBySecond} users again");
        });
    }

    private static string UserId(int i) => $"br-user-{i}";

    /// <summary>A work item in flight at the stop is run again in full.</summary>
    private static long UsersPerShardAtMost() => Enumerable.Range(0, Users).GroupBy(i => ActivityShards.Of(UserId(i))).Max(g => g.Count());

    /// <summary>ranker@v1 that takes a few milliseconds per user (so a run lasts seconds), items, and one click per user.</summary>
    private static async Task PrepareAsync(GridHost grid)
    {
        using var admin = grid.Http(Roles.Admin);
        var (onnx, manifest) = TestModels.SlowToScore("v1", "ranker", hidden: 512, layers: 4);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/models/ranker/versions", TestModels.Upload(onnx, manifest))).StatusCode);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = Enumerable.Range(0, ItemCount).Select(i => new { itemId = $"br-{i}", category = "br-books", price = 10.0, ts = now - 60_000 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items", items)).StatusCode);
        var events = Enumerable.Range(0, Users).Select(u => new { eventId = $"br-{u}", userId = UserId(u), itemId = $"br-{u % ItemCount}", type = "click", ts = now - 1000 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);
        await TestInfra.WaitUntil(async () => await ActiveUsersAsync(grid) == Users
                && (await grid.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).TopAsync(ItemCount)).Length == ItemCount,
            TimeSpan.FromSeconds(60), "every user in the activity shards and every item in the popular list");
    }

    /// <summary>Starts a run and answers its status once some, but not all, work items are done (persisted).</summary>
    private static async Task<JsonElement> StartAndStopMidRunAsync(GridHost grid)
    {
        using var admin = grid.Http(Roles.Admin);
        var started = await admin.PostAsJsonAsync("/v1/batch/runs", new { k = 5, segment = "all" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        JsonElement run = default;
        await TestInfra.WaitUntil(async () => (run = await (await admin.GetAsync(started.Headers.Location)).Json()).GetProperty("shardsDone").GetInt32() >= 4,
            TimeSpan.FromSeconds(60), () => $"a few work items to finish: {run}");
        Assert.Equal("running", run.GetProperty("state").GetString());
        return run;
    }

    private static async Task<int> ActiveUsersAsync(GridHost grid)
    {
        var total = 0;
        for (var shard = 0; shard < ActivityShards.Count; shard++)
        {
            total += (await grid.Grains.GetGrain<IUserActivityShardGrain>(shard).ActiveSinceAsync(0)).Length;
        }

        return total;
    }

    /// <summary>The host's <c>recsys_scores_total</c>: candidate rows its ONNX sessions scored.</summary>
    private static async Task<long> ScoresAsync(GridHost grid)
    {
        using var http = grid.Http();
        return (await http.GetStringAsync("/metrics")).Split('\n').Select(l => ScoresLine().Match(l)).Where(m => m.Success)
            .Sum(m => (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^recsys_scores_total(\{[^}]*\})? (?<value>\S+)")]
    private static partial Regex ScoresLine();
}
