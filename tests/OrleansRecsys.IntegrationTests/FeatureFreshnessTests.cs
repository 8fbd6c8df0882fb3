using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class FeatureFreshnessTests(GridFixture grid)
{
    [Fact]
    public async Task A_feature_read_says_which_values_are_expired_or_missing_and_how_old_they_are()
    {
        using var http = grid.Host.Http(Roles.Ingest, Roles.Read);
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeMilliseconds();
        var sent = await http.PostAsJsonAsync("/v1/events", new[] { new { eventId = "ttl-e1", userId = "ttl-u1", itemId = "ttl-i1", type = "click", ts = threeDaysAgo } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        await TestInfra.WaitUntil(async () => (await (await http.GetAsync("/v1/features/users/ttl-u1")).Json())
            .GetProperty("features").GetProperty("user_events_total").GetDouble() == 1, TimeSpan.FromSeconds(30), "the click to be applied");
        var freshness = (await (await http.GetAsync("/v1/features/users/ttl-u1")).Json()).GetProperty("freshness");

        var clicks = freshness.GetProperty("user_clicks_decay_1h");
        Assert.Equal("expired", clicks.GetProperty("status").GetString());
        Assert.InRange(clicks.GetProperty("ageSeconds").GetDouble(), 3 * 86400, 3 * 86400 + 600);
        Assert.Equal("present", freshness.GetProperty("user_clicks_total").GetProperty("status").GetString());
        Assert.Equal("missing", freshness.GetProperty("user_views_total").GetProperty("status").GetString());
        Assert.False(freshness.GetProperty("user_views_total").TryGetProperty("ageSeconds", out var age) && age.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_grain_read_reports_the_freshness_of_labels_and_numbers()
    {
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeMilliseconds();
        using (var http = grid.Host.Http(Roles.Ingest))
        {
            var sent = await http.PostAsJsonAsync("/v1/items", new[] { new { itemId = "ttl-i2", category = "garden", price = 5.0, ts = threeDaysAgo } });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var item = grid.Host.Grains.GetGrain<IItemFeatureGrain>("ttl-i2");
        await TestInfra.WaitUntil(async () => (await item.ReadFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Snapshot.Labels.ContainsKey("item_category"),
            TimeSpan.FromSeconds(30), "the item upsert to be applied");
        var read = await item.ReadFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Assert.Equal("present", read.Freshness["item_price"].Status);
        Assert.InRange(read.Freshness["item_price"].AgeSeconds!.Value, 3 * 86400, 3 * 86400 + 600);
        Assert.Equal("present", read.Freshness["item_category"].Status);
        Assert.Equal("missing", read.Freshness["item_clicks_decay_1h"].Status);
    }
}
