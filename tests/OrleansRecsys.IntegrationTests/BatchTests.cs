using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.FeatureIngestion;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Batch precompute end to end: a run over the activity shards, then GET /v1/recommendations choosing its source.</summary>
public sealed class BatchTests(BatchGridFixture grid) : IClassFixture<BatchGridFixture>
{
    [Fact]
    public async Task A_run_precomputes_every_active_user_and_the_lists_are_served_as_precomputed()
    {
        var run = await grid.RunToEndAsync(new { k = 5, segment = "active-24h" });
        Assert.Equal("completed", run.GetProperty("state").GetString());
        // Every user in the shards (another test may have added one to the fixture's).
        Assert.Equal(await grid.ActiveUsersAsync(), run.GetProperty("usersDone").GetInt64());
        Assert.True(run.GetProperty("usersDone").GetInt64() >= BatchGridFixture.Users);
        Assert.Equal(0, run.GetProperty("usersFailed").GetInt64());
        Assert.Equal(ActivityShards.Count, run.GetProperty("shardsDone").GetInt32());
        Assert.Equal("v1", run.GetProperty("version").GetString());

        using var scorer = grid.Host.Http(Roles.Score);
        var answer = await (await scorer.GetAsync($"/v1/recommendations/{BatchGridFixture.UserId(3)}?k=5")).Json();
        Assert.Equal("precomputed", answer.GetProperty("source").GetString());
        Assert.Equal("fresh", answer.GetProperty("reason").GetString());
        Assert.Equal(run.GetProperty("runId").GetString(), answer.GetProperty("runId").GetString());
        Assert.Equal("v1", answer.GetProperty("version").GetString());
        Assert.Equal(5, answer.GetProperty("items").GetArrayLength());
        Assert.Equal(run.GetProperty("startedAt").GetDateTimeOffset(), answer.GetProperty("computedAt").GetDateTimeOffset());

        // A shorter k is the precomputed list's head.
        var three = await (await scorer.GetAsync($"/v1/recommendations/{BatchGridFixture.UserId(3)}?k=3")).Json();
        Assert.Equal("precomputed", three.GetProperty("source").GetString());
        Assert.Equal(ItemIds(answer).Take(3), ItemIds(three));
    }

    [Fact]
    public async Task A_list_older_than_the_freshness_bound_or_shorter_than_k_is_answered_online()
    {
        var run = await grid.RunToEndAsync(new { k = 4 });
        using var scorer = grid.Host.Http(Roles.Score);
        var user = BatchGridFixture.UserId(7);
        Assert.Equal("precomputed", (await (await scorer.GetAsync($"/v1/recommendations/{user}?k=4")).Json()).GetProperty("source").GetString());

        var tooShort = await (await scorer.GetAsync($"/v1/recommendations/{user}?k=8")).Json();
        Assert.Equal("online", tooShort.GetProperty("source").GetString());
        Assert.Equal("too_short", tooShort.GetProperty("reason").GetString());
        Assert.Equal(8, tooShort.GetProperty("items").GetArrayLength());

        // Wait until the list is older than a one-second bound (a wait, not a timing assert).
        var computedAt = run.GetProperty("startedAt").GetDateTimeOffset();
        await Task.Delay(computedAt.AddMilliseconds(1100) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var stale = await (await scorer.GetAsync($"/v1/recommendations/{user}?k=4&maxAgeSeconds=1")).Json();
        Assert.Equal("online", stale.GetProperty("source").GetString());
        Assert.Equal("stale", stale.GetProperty("reason").GetString());
        Assert.False(stale.GetProperty("fallback").GetBoolean(), stale.ToString());
        Assert.Equal(JsonValueKind.Null, stale.GetProperty("computedAt").ValueKind);
    }

    [Fact]
    public async Task A_user_the_grid_has_never_seen_gets_popular_items()
    {
        using var scorer = grid.Host.Http(Roles.Score);
        var answer = await (await scorer.GetAsync("/v1/recommendations/bt-stranger?k=3")).Json();
        Assert.Equal("popular", answer.GetProperty("source").GetString());
        Assert.Equal("no_history", answer.GetProperty("reason").GetString());
        var top = await grid.Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).TopAsync(3);
        Assert.Equal(top.Select(e => e.ItemId), ItemIds(answer));
    }

    [Fact]
    public async Task A_user_without_history_asking_for_a_category_gets_that_category_s_popular_items()
    {
        using var scorer = grid.Host.Http(Roles.Score);
        var answer = await (await scorer.GetAsync("/v1/recommendations/bt-newcomer?category=bt-games&k=20")).Json();
        Assert.Equal("popular", answer.GetProperty("source").GetString());
        Assert.Equal("no_history", answer.GetProperty("reason").GetString());
        var top = await grid.Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category("bt-games")).TopAsync(20);
        Assert.Equal(6, top.Length);
        Assert.Equal(top.Select(e => e.ItemId), ItemIds(answer));
    }

    [Fact]
    public async Task A_category_longer_than_an_id_is_a_400_naming_category()
    {
        using var scorer = grid.Host.Http(Roles.Score);
        var response = await scorer.GetAsync("/v1/recommendations/bt-newcomer?category=" + new string('c', RequestLimits.MaxIdLength + 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("category", (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_user_with_history_but_no_precomputed_list_is_answered_online_as_missing()
    {
        using var scorer = grid.Host.Http(Roles.Score);
        using var admin = grid.Host.Http(Roles.Admin);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events",
            new[] { new { eventId = "bt-missing-1", userId = "bt-missing", itemId = "bt-2", type = "click", ts = now } })).StatusCode);
        // Waits on the state the recommendations grain reads to tell a user with history from a new one.
        await TestInfra.WaitUntil(async () => (await grid.Host.Grains.GetGrain<IUserFeatureStateGrain>("bt-missing").GetStateAsync()).Value.EventCount > 0,
            TimeSpan.FromSeconds(30), "the new user's interaction");
        var missing = await (await scorer.GetAsync("/v1/recommendations/bt-missing?k=3")).Json();
        Assert.Equal("online", missing.GetProperty("source").GetString());
        Assert.Equal("missing", missing.GetProperty("reason").GetString());
        Assert.Equal("v1", missing.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Batch_scoring_is_not_counted_in_the_live_serving_stats()
    {
        var stats = grid.Host.Services.GetRequiredService<VariantStatsCollector>();
        await stats.FlushAsync();
        var before = await LiveRequestsAsync();
        var run = await grid.RunToEndAsync(new { k = 5, segment = "all" });
        Assert.True(run.GetProperty("usersDone").GetInt64() >= BatchGridFixture.Users);
        await stats.FlushAsync();
        Assert.Equal(before, await LiveRequestsAsync());
    }

    [Fact]
    public async Task Each_precomputed_list_is_published_to_the_recommendations_topic()
    {
        var run = await grid.RunToEndAsync(new { k = 2 });
        var runId = run.GetProperty("runId").GetString();
        var expected = run.GetProperty("usersDone").GetInt64();
        Assert.True(expected >= BatchGridFixture.Users);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = grid.Kafka, GroupId = "bt-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topics.Recommendations);
        var users = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (users.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } message)
            {
                var record = JsonDocument.Parse(message.Message.Value).RootElement;
                if (record.GetProperty("runId").GetString() == runId)
                {
                    Assert.Equal(message.Message.Key, record.GetProperty("userId").GetString());
                    Assert.Equal(2, record.GetProperty("items").GetArrayLength());
                    users.Add(message.Message.Key);
                }
            }
        }

        Assert.Equal(expected, users.Count);
    }

    [Theory]
    [InlineData("/v1/recommendations/bt-user-1?k=0", "k")]
    [InlineData("/v1/recommendations/bt-user-1?k=abc", "k")]
    [InlineData("/v1/recommendations/bt-user-1?k=201", "k")]
    [InlineData("/v1/recommendations/bt-user-1?model=Bad%20Name", "model")]
    [InlineData("/v1/recommendations/bt-user-1?maxAgeSeconds=0", "maxAgeSeconds")]
    [InlineData("/v1/recommendations/bt-user-1?deadlineMs=0", "deadlineMs")]
    [InlineData("/v1/batch/runs/not-a-run", "id")]
    [InlineData("/v1/batch/runs?model=UPPER", "model")]
    public async Task A_bad_query_or_route_value_is_a_400_naming_the_field(string path, string field)
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"k\":0}", "k")]
    [InlineData("{\"k\":\"ten\"}", "k")]
    [InlineData("{\"segment\":\"weekly\"}", "segment")]
    [InlineData("{\"segment\":\"active-0h\"}", "segment")]
    [InlineData("{\"model\":\"No Such\"}", "model")]
    public async Task A_bad_run_request_is_a_400_naming_the_field(string body, string field)
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var response = await admin.PostAsync("/v1/batch/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_models_and_runs_are_404s()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/v1/batch/runs", new { model = "never-registered" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/batch/runs/ranker-run-999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/recommendations/bt-user-1?model=never-registered")).StatusCode);
    }

    [Fact]
    public async Task Starting_runs_needs_admin_reading_them_needs_read_and_recommendations_need_score()
    {
        using var anonymous = grid.Host.Http();
        using var reader = grid.Host.Http(Roles.Read);
        using var scorer = grid.Host.Http(Roles.Score);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/v1/batch/runs", new { k = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/v1/batch/runs", new { k = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.PostAsJsonAsync("/v1/batch/runs", new { k = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/batch/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync("/v1/batch/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/batch/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/recommendations/bt-user-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/v1/recommendations/bt-user-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scorer.GetAsync("/v1/recommendations/bt-user-1")).StatusCode);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first()
    {
        var first = await grid.RunToEndAsync(new { k = 1 });
        var second = await grid.RunToEndAsync(new { k = 2 });
        using var reader = grid.Host.Http(Roles.Read);
        var runs = (await (await reader.GetAsync("/v1/batch/runs?model=ranker")).Json()).EnumerateArray().Select(r => r.GetProperty("runId").GetString()).ToList();
        Assert.True(runs.IndexOf(second.GetProperty("runId").GetString()) < runs.IndexOf(first.GetProperty("runId").GetString()), string.Join(",", runs));
        Assert.Equal(0, runs.IndexOf(second.GetProperty("runId").GetString()));
    }

    private async Task<long> LiveRequestsAsync()
    {
        using var reader = grid.Host.Http(Roles.Read);
        var report = await (await reader.GetAsync("/v1/models/ranker/report")).Json();
        return report.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("requests").GetInt64());
    }

    private static IEnumerable<string?> ItemIds(JsonElement answer) => answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString());
}
