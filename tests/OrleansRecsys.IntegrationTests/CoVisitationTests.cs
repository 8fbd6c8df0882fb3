using System.Net;
using System.Net.Http.Json;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Co-visitation kept by ingestion, exactly once: the same events sent again change no item's co-visit counts.</summary>
[Collection(GridCollection.Name)]
public sealed class CoVisitationTests(GridFixture grid)
{
    [Fact]
    public async Task Events_re_sent_with_the_same_ids_change_no_co_visit_count()
    {
        using var http = grid.Host.Http(Roles.Ingest);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var visit = new[] { ("a", 3000), ("b", 2000), ("c", 1000) }
            .Select(v => new { eventId = $"cov-{v.Item1}", userId = "cov-u", itemId = $"cov-{v.Item1}", type = "view", ts = now - v.Item2 }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", visit)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", visit)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", visit[1..])).StatusCode);
        // Produced after the copies on the user's partition: once it shows, the copies were consumed too.
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events",
            new[] { new { eventId = "cov-d", userId = "cov-u", itemId = "cov-d", type = "click", ts = now - 500 } })).StatusCode);
        await TestInfra.WaitUntil(async () => (await CoVisitsAsync("cov-d")).Length == 3, TimeSpan.FromSeconds(30), "cov-d's co-visits");

        Assert.Empty(await CoVisitsAsync("cov-a"));
        Assert.Equal([("cov-a", 1)], await CoVisitsAsync("cov-b"));
        Assert.Equal([("cov-a", 1), ("cov-b", 1)], await CoVisitsAsync("cov-c"));
        Assert.Equal([("cov-a", 1), ("cov-b", 1), ("cov-c", 1)], await CoVisitsAsync("cov-d"));
    }

    private async Task<(string ItemId, int Count)[]> CoVisitsAsync(string itemId) =>
        (await grid.Host.Grains.GetGrain<IItemFeatureStateGrain>(itemId).GetStateAsync()).Value.CoVisits?.Top(10) ?? [];
}
