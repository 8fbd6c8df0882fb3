using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class HttpApiTests(GridFixture grid)
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Endpoints_require_a_valid_token_with_the_right_role()
    {
        using var anonymous = grid.Host.Http();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/v1/rank", Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/features/users/u1")).StatusCode);

        using var forged = grid.Host.Http();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(Roles.Admin)[..^3] + "abc");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/v1/models")).StatusCode);

        using var reader = grid.Host.Http(Roles.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/v1/rank", Body("""{"userId":"u","candidates":["i1"]}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/v1/events", Body("[]"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("/v1/models/ranker/rollout", Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/features/users/u1")).StatusCode);

        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/rank", Body("""{"userId":"u","candidates":["i1"]}"""))).StatusCode);
    }

    [Theory]
    [InlineData("""{"userId":"u","candidates":"i1"}""", "candidates")]
    [InlineData("""{"userId":7,"candidates":["i1"]}""", "userId")]
    [InlineData("""{"candidates":["i1"]}""", "userId")]
    [InlineData("""{"userId":"u","candidates":[]}""", "candidates")]
    [InlineData("""{"userId":"u","candidates":["i1"],"k":0}""", "k")]
    [InlineData("""{"userId":"u","candidates":["i1"],"k":201}""", "k")]
    [InlineData("""{"userId":"u","candidates":["i1", null]}""", "candidates[1]")]
    [InlineData("""{"userId":"u","candidates":["i1"],"model":"../etc"}""", "model")]
    [InlineData("""{"userId":"u","candidates":["i1"],"k":"ten"}""", "k")]
    public async Task Bad_rank_input_is_a_400_problem_naming_the_field(string json, string field)
    {
        using var http = grid.Host.Http(Roles.Score);
        var response = await http.PostAsync("/v1/rank", Body(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Oversized_and_malformed_bodies_never_give_500()
    {
        using var http = grid.Host.Http(Roles.Admin);
        var huge = "{\"userId\":\"u\",\"candidates\":[\"" + new string('x', 1_100_000) + "\"]}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync("/v1/rank", Body(huge))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v1/rank", Body("{not json"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync("/v1/rank", new StringContent("x"))).StatusCode);
        var tooMany = "{\"userId\":\"u\",\"candidates\":[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"i{i}\"")) + "]}";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v1/rank", Body(tooMany))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v1/features/users/" + new string('u', 129))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v1/events", Body("{}"))).StatusCode);
    }

    [Fact]
    public async Task Rank_scores_with_the_stable_model_and_orders_by_score()
    {
        using var http = grid.Host.Http(Roles.Score, Roles.Read);
        var plan = await (await http.GetAsync("/v1/models/ranker/rollout")).Json();
        var candidates = Enumerable.Range(0, 100).Select(i => $"i{i}").ToArray();
        var response = await http.PostAsJsonAsync("/v1/rank", new { userId = "cold-start-user", candidates, k = 20 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.False(body.GetProperty("fallback").GetBoolean(), body.ToString());
        Assert.Equal("ranker", body.GetProperty("model").GetString());
        Assert.Equal("v1", plan.GetProperty("stable").GetString());
        Assert.Equal("v1", body.GetProperty("version").GetString());
        Assert.Equal("stable", body.GetProperty("variant").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(20, items.Length);
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(items, i => Assert.Contains(i.GetProperty("itemId").GetString(), candidates));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Vectors_endpoint_returns_the_manifest_features_for_each_item()
    {
        using var http = grid.Host.Http(Roles.Read);
        var response = await http.PostAsJsonAsync("/v1/features/vectors", new { userId = "u-vec", itemIds = new[] { "i1", "i2" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        var names = body.GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()).ToArray();
        Assert.Equal(Training.RankerTrainer.DefaultFeatures, names);
        var rows = body.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["i1", "i2"], rows.Select(r => r.GetProperty("itemId").GetString()));
        Assert.All(rows, r => Assert.Equal(names.Length, r.GetProperty("values").GetArrayLength()));
    }

    [Fact]
    public async Task Metrics_are_exported_in_prometheus_text()
    {
        using var http = grid.Host.Http(Roles.Score);
        await http.PostAsJsonAsync("/v1/rank", new { userId = "metrics-user", candidates = new[] { "i1", "i2" } });
        // The requests counter exists from the start; the latency histogram appears with the first rank.
        await TestInfra.WaitUntil(async () => (await http.GetStringAsync("/metrics")).Contains("recsys_rank_duration_seconds_bucket{"), TimeSpan.FromSeconds(10), "rank metric");
        var text = await http.GetStringAsync("/metrics");
        Assert.Contains("recsys_rank_requests_total{", text);
        Assert.Contains("recsys_model_sessions", text);
    }

    [Fact]
    public async Task Extreme_but_valid_values_never_cause_a_500()
    {
        using var http = grid.Host.Http(Roles.Admin);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/items", new[] { new { itemId = "huge-price", category = "x", price = 1e39, ts = now } })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", new[]
        {
            new { eventId = "x1", userId = "big-spender", itemId = "huge-price", type = "purchase", ts = now, value = 1e308 },
            new { eventId = "x2", userId = "big-spender", itemId = "huge-price", type = "purchase", ts = now, value = 1e308 },
        })).StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            var r = await http.GetAsync("/v1/features/users/big-spender");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return (await r.Json()).GetProperty("features").GetProperty("user_purchases_total").GetDouble() == 2;
        }, TimeSpan.FromSeconds(30), "the purchases");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/features/items/huge-price")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/rank", new { userId = "big-spender", candidates = new[] { "huge-price", "i1" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/features/vectors", new { userId = "big-spender", itemIds = new[] { "huge-price" } })).StatusCode);
    }
}
