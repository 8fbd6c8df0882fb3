using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Api;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference.Tests;
using OrleansRecsys.Kafka;
using OrleansRecsys.Security;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class ServingTests(GridFixture grid)
{
    private static readonly string[] FragileFeatures = ["item_price", "user_clicks_total", "item_ctr_smoothed"];

    /// <summary>A model whose score is Sqrt(1e7 - price): finite for every sane item, NaN for an item priced above 1e7.</summary>
    internal static async Task RegisterFragileAsync(HttpClient admin, string model, string version)
    {
        var onnx = OnnxGraph.SqrtOfOffsetMinusLinear([1f, 0f, 0f], 1e7f);
        var manifest = new ModelManifest(model, version, DateTimeOffset.UtcNow, FragileFeatures, "features", "score", [], "hand-built",
            Inference.ModelStore.Sha256Hex(onnx), "hand-built", [], null);
        var response = await admin.PostAsync($"/v1/models/{model}/versions", TestModels.Upload(onnx, manifest));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    internal static async Task UpsertItemsAsync(HttpClient http, IGrainFactory grains, params (string Id, double Price)[] items)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = await http.PostAsJsonAsync("/v1/items", items.Select(i => new { itemId = i.Id, category = "toys", price = i.Price, ts = now }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            foreach (var (id, price) in items)
            {
                var s = await grains.GetGrain<IItemFeatureGrain>(id).GetFeaturesAsync(now);
                if (s.Numbers.GetValueOrDefault("item_price") != price)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(30), "item upserts");
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_popularity_with_a_reason_and_a_metric()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await RegisterFragileAsync(admin, "fragile", "v1");
        await UpsertItemsAsync(admin, grid.Host.Grains, ("fb-cheap", 10), ("fb-huge", 2e7));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await admin.PostAsJsonAsync("/v1/events", Enumerable.Range(0, 5).Select(i => new { eventId = $"fb-{i}", userId = "fb-user", itemId = "fb-cheap", type = "click", ts = now }));
        await TestInfra.WaitUntil(async () => (await grid.Host.Grains.GetGrain<IItemFeatureGrain>("fb-cheap").GetFeaturesAsync(now)).Numbers["item_clicks_total"] == 5,
            TimeSpan.FromSeconds(30), "clicks on fb-cheap");
        await Task.Delay(1200); // let the silo's item replica expire

        var before = FallbackCount();
        var ok = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "fb-user", model = "fragile", candidates = new[] { "fb-cheap" } })).Json();
        Assert.False(ok.GetProperty("fallback").GetBoolean());

        var response = await admin.PostAsJsonAsync("/v1/rank", new { userId = "fb-user", model = "fragile", candidates = new[] { "fb-huge", "fb-cheap", "fb-none" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.True(body.GetProperty("fallback").GetBoolean());
        Assert.Equal(FallbackReasons.ModelError, body.GetProperty("fallbackReason").GetString());
        var order = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToArray();
        Assert.Equal("fb-cheap", order[0]); // the most popular candidate leads the baseline
        var scores = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        await TestInfra.WaitUntil(() => Task.FromResult(FallbackCount() > before), TimeSpan.FromSeconds(5), "the fallback metric");
    }

    private long FallbackCount()
    {
        var text = grid.Host.Http().GetStringAsync("/metrics").GetAwaiter().GetResult();
        return text.Split('\n').Where(l => l.StartsWith("recsys_rank_fallbacks_total{", StringComparison.Ordinal) && l.Contains("model=\"fragile\""))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..]));
    }

    public static readonly (string Method, string Path, string Body, string Role)[] Routes =
    [
        ("POST", "/v1/rank", """{"userId":"u","candidates":["i1"]}""", Roles.Score),
        ("POST", "/v1/recommend", """{"userId":"u","k":3}""", Roles.Score),
        ("GET", "/v1/features/users/u1", "", Roles.Read),
        ("GET", "/v1/features/items/i1", "", Roles.Read),
        ("POST", "/v1/features/vectors", """{"userId":"u","itemIds":["i1"]}""", Roles.Read),
        ("POST", "/v1/events", """[{"eventId":"am","userId":"u","itemId":"i","type":"view","ts":1000}]""", Roles.Ingest),
        ("POST", "/v1/items", """[{"itemId":"am","ts":1000}]""", Roles.Ingest),
        ("GET", "/v1/models", "", Roles.Read),
        ("GET", "/v1/models/ranker/versions/v1", "", Roles.Read),
        ("POST", "/v1/models/ranker/versions", "", Roles.Admin),
        ("DELETE", "/v1/models/ranker/versions/nope", "", Roles.Admin),
        ("GET", "/v1/models/ranker/rollout", "", Roles.Read),
        ("PUT", "/v1/models/ranker/rollout", """{"canary":null,"canaryPercent":0,"revision":-1,"reason":"auth"}""", Roles.Admin),
        ("POST", "/v1/models/ranker/rollout/promote", """{"revision":1,"reason":"auth"}""", Roles.Admin),
        ("POST", "/v1/models/ranker/rollout/rollback", """{"revision":1,"reason":"auth"}""", Roles.Admin),
        ("GET", "/v1/models/ranker/rollout/history", "", Roles.Read),
    ];

    [Fact]
    public async Task Auth_matrix_over_every_non_health_route()
    {
        var key = SigningKeys.Decode(TestInfra.SigningKey);
        var expired = TokenMinter.Mint(key, "orleans-recsys", "recsys", "t", [Roles.Admin], TimeSpan.FromMinutes(-10));
        var forged = TokenMinter.Mint(Encoding.UTF8.GetBytes("another-key-another-key-another-key!!"), "orleans-recsys", "recsys", "t", [Roles.Admin], TimeSpan.FromHours(1));
        var wrongAudience = TokenMinter.Mint(key, "orleans-recsys", "someone-else", "t", [Roles.Admin], TimeSpan.FromHours(1));
        using var http = grid.Host.Http();
        foreach (var (method, path, body, role) in Routes)
        {
            async Task<HttpStatusCode> Call(string? token)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body.Length > 0)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                if (token is not null)
                {
                    request.Headers.Authorization = new("Bearer", token);
                }

                return (await http.SendAsync(request)).StatusCode;
            }

            var wrongRole = role == Roles.Read ? Roles.Ingest : Roles.Read;
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await Call(null)));
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await Call(expired)));
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await Call(forged)));
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await Call(wrongAudience)));
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, await Call(TestInfra.Token(wrongRole))));
            var allowed = await Call(TestInfra.Token(role));
            Assert.True(allowed is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)allowed < 500, $"{method} {path} with {role}: {allowed}");
            var admin = await Call(TestInfra.Token(Roles.Admin));
            Assert.True(admin is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)admin < 500, $"{method} {path} as admin: {admin}");
        }
    }

    public static TheoryData<string, string, string, int> BadInput()
    {
        var big = new string('x', 1_100_000);
        var ids = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"i{i}\""));
        var events = "[" + string.Join(",", Enumerable.Range(0, 10_001).Select(_ => "{}")) + "]";
        return new TheoryData<string, string, string, int>
        {
            { "POST", "/v1/rank", "{", 400 },
            { "POST", "/v1/rank", "[]", 400 },
            { "POST", "/v1/rank", "null", 400 },
            { "POST", "/v1/rank", """{"userId":"","candidates":["i"]}""", 400 },
            { "POST", "/v1/rank", $$"""{"userId":"{{new string('u', 129)}}","candidates":["i"]}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u"}""", 400 },
            { "POST", "/v1/rank", $$"""{"userId":"u","candidates":[{{ids}}]}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":[""]}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":[3]}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":["i"],"k":-1}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":["i"],"k":1.5}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":["i"],"model":"UPPER"}""", 400 },
            { "POST", "/v1/rank", """{"userId":"u","candidates":["i"],"deadlineMs":0}""", 400 },
            { "POST", "/v1/rank", $$"""{"userId":"{{big}}","candidates":["i"]}""", 413 },
            { "POST", "/v1/recommend", """{"userId":"u"}""", 400 },
            { "POST", "/v1/recommend", """{"userId":"u","k":0}""", 400 },
            { "POST", "/v1/recommend", """{"userId":"u","k":201}""", 400 },
            { "POST", "/v1/recommend", """{"userId":"u","k":5,"exclude":"i1"}""", 400 },
            { "POST", "/v1/recommend", """{"userId":"u","k":5,"exclude":[null]}""", 400 },
            { "POST", "/v1/recommend", """{"k":5}""", 400 },
            { "POST", "/v1/features/vectors", """{"userId":"u"}""", 400 },
            { "POST", "/v1/features/vectors", """{"userId":"u","itemIds":[]}""", 400 },
            { "POST", "/v1/features/vectors", """{"userId":"u","itemIds":["i"],"model":"no-such-model"}""", 422 },
            { "GET", "/v1/features/users/" + new string('u', 129), "", 400 },
            { "GET", "/v1/features/items/" + new string('i', 129), "", 400 },
            { "POST", "/v1/events", "{}", 400 },
            { "POST", "/v1/events", "[]", 400 },
            { "POST", "/v1/events", "not json", 400 },
            { "POST", "/v1/events", events, 400 },
            { "POST", "/v1/items", "\"text\"", 400 },
            { "POST", "/v1/items", "[]", 400 },
            { "GET", "/v1/models/ranker/versions/nope", "", 404 },
            { "GET", "/v1/models/Bad Name/versions/v1", "", 400 },
            { "POST", "/v1/models/ranker/versions", "{}", 400 },
            { "DELETE", "/v1/models/ranker/versions/nope", "", 404 },
            { "GET", "/v1/models/no-such-model/rollout", "", 404 },
            { "PUT", "/v1/models/ranker/rollout", """{"canary":"x","canaryPercent":10,"reason":"r"}""", 400 },
            { "PUT", "/v1/models/ranker/rollout", """{"canary":"x","canaryPercent":10,"revision":1}""", 400 },
            { "PUT", "/v1/models/ranker/rollout", """{"canary":"x","canaryPercent":"ten","revision":1,"reason":"r"}""", 400 },
            { "PUT", "/v1/models/ranker/rollout", """{"canary":"Bad Version","canaryPercent":1,"revision":1,"reason":"r"}""", 400 },
            { "PUT", "/v1/models/no-such-model/rollout", """{"canary":"v2","canaryPercent":1,"revision":1,"reason":"r"}""", 404 },
            { "POST", "/v1/models/ranker/rollout/promote", "{}", 400 },
            { "POST", "/v1/models/ranker/rollout/promote", """{"reason":"r"}""", 400 },
            { "POST", "/v1/models/ranker/rollout/rollback", """{"revision":1,"reason":5}""", 400 },
            { "POST", "/v1/models/ranker/rollout/rollback", """{"revision":"one","reason":"r"}""", 400 },
            { "POST", "/v1/models/no-such-model/rollout/promote", """{"revision":1,"reason":"r"}""", 404 },
            { "POST", "/v1/models/ranker/rollout/rollback", $$"""{"revision":1,"reason":"{{new string('r', 1001)}}"}""", 400 },
            { "DELETE", "/v1/models/ranker/versions/Bad%20Version", "", 400 },
        };
    }

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_clear_problem_never_a_500(string method, string path, string body, int status)
    {
        using var http = grid.Host.Http(Roles.Admin);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Json();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Two_versions_serve_concurrently_and_a_retired_version_is_unloaded()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "pair-a", "pair")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "pair-b", "pair")).StatusCode);
        var rows = new float[50 * RankerTrainer.DefaultFeatures.Length];
        new Random(1).NextBytes(new byte[1]);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i % 7;
        }

        var grains = grid.Host.Grains;
        var calls = Enumerable.Range(0, 40).Select(i => grains.GetGrain<IModelVersionGrain>(i % 2 == 0 ? "pair@pair-a" : "pair@pair-b")
            .ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(rows), 50).AsTask()).ToArray();
        var results = await Task.WhenAll(calls);
        Assert.All(results, r => Assert.Equal(50, r.Scores!.Length));
        Assert.Equal(results[0].Scores, results[2].Scores);
        Assert.Equal(results[0].Scores, results[1].Scores); // same artifact under two versions: same scores

        var sessions = grid.Host.Services.GetRequiredService<ModelSessionCache>();
        Assert.Contains(new ModelVersionKey("pair", "pair-b"), sessions.LoadedKeys);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/v1/models/pair/versions/pair-a")).StatusCode); // stable
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/v1/models/pair/versions/pair-b")).StatusCode);
        await TestInfra.WaitUntil(() => Task.FromResult(!sessions.LoadedKeys.Contains(new ModelVersionKey("pair", "pair-b"))), TimeSpan.FromSeconds(15), "the retired session to be unloaded");
        Assert.Contains(new ModelVersionKey("pair", "pair-a"), sessions.LoadedKeys);
        var retired = await grains.GetGrain<IModelVersionGrain>("pair@pair-b").ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(rows), 50);
        Assert.Null(retired.Scores);
        Assert.Contains("retired", retired.Error);
    }
}
