using System.Net;
using System.Net.Http.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Recommend on a host of its own, so the popularity indexes hold only this test's items.</summary>
public sealed class RecommendTests
{
    [Fact]
    public async Task Recommend_draws_popular_and_category_candidates_minus_exclusions_and_purchases()
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
        var items = Enumerable.Range(0, 12).Select(i => (Id: $"rec-{i}", Category: i < 6 ? "rec-books" : "rec-games")).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items",
            items.Select(i => new { itemId = i.Id, category = i.Category, price = 10.0, ts = now - 60_000 }))).StatusCode);
        await TestInfra.WaitUntil(async () => (await grid.Grains.GetGrain<IItemFeatureGrain>("rec-11").GetFeaturesAsync(now)).Labels.ContainsKey("item_category"),
            TimeSpan.FromSeconds(30), "item upserts");

        // Other users make every item popular; our user likes books and already bought rec-0.
        var events = new List<object>();
        foreach (var (id, _) in items)
        {
            for (var k = 0; k < 3; k++)
            {
                events.Add(new { eventId = $"rec-{id}-{k}", userId = $"rec-other-{k}", itemId = id, type = "click", ts = now - 1000 });
            }
        }

        events.Add(new { eventId = "rec-mine-1", userId = "rec-user", itemId = "rec-1", type = "click", ts = now - 500 });
        events.Add(new { eventId = "rec-mine-0", userId = "rec-user", itemId = "rec-0", type = "purchase", ts = now - 400, value = 10.0 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            var top = await grid.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category("rec-books")).TopAsync(10);
            var user = await grid.Grains.GetGrain<IUserFeatureGrain>("rec-user").GetFeaturesAsync(now);
            return top.Length == 6 && user.Numbers["user_purchases_total"] == 1;
        }, TimeSpan.FromSeconds(30), "popularity indexes and the user's purchase");

        var response = await admin.PostAsJsonAsync("/v1/recommend", new { userId = "rec-user", k = 200, exclude = new[] { "rec-2" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.False(body.GetProperty("fallback").GetBoolean(), body.ToString());
        var ids = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToArray();
        Assert.Contains("rec-1", ids);
        Assert.Contains("rec-5", ids);
        Assert.Contains("rec-11", ids); // globally popular, outside the user's categories
        Assert.DoesNotContain("rec-2", ids); // excluded
        Assert.DoesNotContain("rec-0", ids); // already purchased
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
