using System.Net;
using System.Net.Http.Json;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Recommend on a host of its own, so the popularity indexes hold only this test's items.</summary>
public sealed class RecommendTests
{
    [Fact]
    public async Task Recommend_blends_co_visited_category_and_popular_candidates_without_seen_or_excluded_items_as_batch_precompute_does()
    {
        await TestInfra.WithOwnKafkaAsync("rec", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "rec", store, train: false);
            await RunAsync(host);
        });
    }

    private static async Task RunAsync(GridHost grid)
    {
        using var admin = grid.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "v1")).StatusCode);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await SeedAsync(grid, admin, now);

        var response = await admin.PostAsJsonAsync("/v1/recommend", new { userId = "rec-user", k = 200, exclude = new[] { "rec-2" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.False(body.GetProperty("fallback").GetBoolean(), body.ToString());
        var sources = Sources(body);
        Assert.Equal("covisitation", sources["rec-9"]); // other users touched rec-9 just before rec-0, which our user bought
        Assert.Equal("category", sources["rec-5"]);
        Assert.Equal("popular", sources["rec-11"]); // globally popular, outside the user's categories
        Assert.DoesNotContain("rec-2", sources.Keys); // excluded by the caller
        Assert.DoesNotContain("rec-1", sources.Keys); // clicked: seen
        Assert.DoesNotContain("rec-0", sources.Keys); // purchased: seen

        // Batch precompute draws the same candidates, from the same sources, for the same user state.
        var everything = Sources(await (await admin.PostAsJsonAsync("/v1/recommend", new { userId = "rec-user", k = 200 })).Json());
        await WaitUntilIndexedAsActiveAsync(grid, "rec-user");
        await RunBatchAsync(admin);
        var precomputed = await (await admin.GetAsync($"/v1/recommendations/rec-user?k={everything.Count}")).Json();
        Assert.Equal("precomputed", precomputed.GetProperty("source").GetString());
        Assert.Equal(everything.OrderBy(kv => kv.Key), Sources(precomputed).OrderBy(kv => kv.Key));
    }

    /// <summary>
    /// Twelve items in two categories, all made popular by other users; three more users touch rec-9 and then rec-0 (so
    /// rec-0's co-visits hold rec-9). Our user likes books: clicked rec-1, then bought rec-0 (a co-visit of rec-1 for rec-0).
    /// </summary>
    private static async Task SeedAsync(GridHost grid, HttpClient admin, long now)
    {
        var items = Enumerable.Range(0, 12).Select(i => (Id: $"rec-{i}", Category: i < 6 ? "rec-books" : "rec-games")).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items",
            items.Select(i => new { itemId = i.Id, category = i.Category, price = 10.0, ts = now - 60_000 }))).StatusCode);
        await TestInfra.WaitUntil(async () => (await grid.Grains.GetGrain<IItemFeatureGrain>("rec-11").GetFeaturesAsync(now)).Labels.ContainsKey("item_category"),
            TimeSpan.FromSeconds(30), "item upserts");

        var events = new List<object>();
        foreach (var (id, _) in items)
        {
            for (var k = 0; k < 3; k++)
            {
                events.Add(new { eventId = $"rec-{id}-{k}", userId = $"rec-other-{k}", itemId = id, type = "click", ts = now - 1000 });
            }
        }

        for (var k = 0; k < 3; k++)
        {
            events.Add(new { eventId = $"rec-co-{k}-a", userId = $"rec-co-{k}", itemId = "rec-9", type = "view", ts = now - 3000 });
            events.Add(new { eventId = $"rec-co-{k}-b", userId = $"rec-co-{k}", itemId = "rec-0", type = "view", ts = now - 2900 });
        }

        events.Add(new { eventId = "rec-mine-1", userId = "rec-user", itemId = "rec-1", type = "click", ts = now - 500 });
        events.Add(new { eventId = "rec-mine-0", userId = "rec-user", itemId = "rec-0", type = "purchase", ts = now - 400, value = 10.0 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);
        var seen = "";
        await TestInfra.WaitUntil(async () =>
        {
            var top = await grid.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category("rec-books")).TopAsync(10);
            var user = await grid.Grains.GetGrain<IUserFeatureGrain>("rec-user").GetFeaturesAsync(now);
            var rec0 = (await grid.Grains.GetGrain<IItemFeatureStateGrain>("rec-0").GetStateAsync()).Value;
            seen = $"{top.Length} popular books, {user.Numbers.GetValueOrDefault("user_purchases_total")} purchases, {rec0.CoVisits?.Total} co-visits of rec-0";
            return top.Length == 6 && user.Numbers["user_purchases_total"] == 1 && rec0.CoVisits?.Total == 4; // rec-9 three times, and rec-1 from our user
        }, TimeSpan.FromSeconds(30), () => "popularity indexes, the user's purchase and rec-0's co-visits: " + seen);
    }

    /// <summary>
    /// A batch run walks the active-user index, which ingestion reports to at its checkpoint, after the events are
    /// visible in the user's grain: a run started in between rightly skips the user.
    /// </summary>
    private static Task WaitUntilIndexedAsActiveAsync(GridHost grid, string userId) =>
        TestInfra.WaitUntil(async () => (await grid.Grains.GetGrain<IUserActivityShardGrain>(ActivityShards.Of(userId)).ActiveSinceAsync(0)).Contains(userId),
            TimeSpan.FromSeconds(30), $"{userId} in the active-user index");

    private static async Task RunBatchAsync(HttpClient admin)
    {
        var started = await admin.PostAsJsonAsync("/v1/batch/runs", new { model = "ranker", k = 200, segment = "active-24h" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        System.Text.Json.JsonElement run = default;
        await TestInfra.WaitUntil(async () => (run = await (await admin.GetAsync(location)).Json()).GetProperty("state").GetString() != "running",
            TimeSpan.FromSeconds(60), () => $"run {location} to finish: {run}");
        Assert.Equal("completed", run.GetProperty("state").GetString());
    }

    /// <summary>Each answered item's source, by item id (every item must name one, each item once).</summary>
    private static Dictionary<string, string> Sources(System.Text.Json.JsonElement body) =>
        body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("source").GetString()!);
}
