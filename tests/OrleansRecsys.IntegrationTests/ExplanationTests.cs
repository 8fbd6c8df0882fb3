using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Inference.Tests;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Explanations through the HTTP API, on a hand-built linear model whose contributions are known exactly.</summary>
[Collection(GridCollection.Name)]
public sealed class ExplanationTests(GridFixture grid)
{
    private const string Model = "explained";
    private static readonly string[] Features = ["item_price", "user_clicks_total", "item_ctr_smoothed"];
    private static readonly float[] Weights = [0.01f, 2f, -3f];

    /// <summary>Medians: item_price 20 (half the counts lie in (10, 20], half in (20, 30]), user_clicks_total 2 (the middle of
    /// (0, 4], where half the counts lie); item_ctr_smoothed has no histogram, so it is never explained.</summary>
    private static readonly Dictionary<string, Histogram> References = new()
    {
        ["item_price"] = new Histogram([10, 20, 30], [0, 5, 5, 0]),
        ["user_clicks_total"] = new Histogram([0, 4], [1, 2, 1]),
    };

    [Fact]
    public async Task Rank_with_explain_returns_each_items_contributions_and_the_same_scores_as_without()
    {
        using var admin = await ArrangeAsync();
        var candidates = new[] { "ex-dear", "ex-cheap" };

        var plain = await RankAsync(admin, new { userId = "ex-user", model = Model, candidates, k = 2 });
        var explained = await RankAsync(admin, new { userId = "ex-user", model = Model, candidates, k = 2, explain = true });

        Assert.False(explained.GetProperty("fallback").GetBoolean());
        Assert.Equal(Scores(plain), Scores(explained));
        Assert.All(plain.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("contributions", out _)));
        var items = explained.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("contributions"));
        // ex-dear at 50: price 0.01 × (50 − 20) = 0.3 and clicks 2 × (3 − 2) = 2, the larger first.
        AssertContributions(items["ex-dear"], ("user_clicks_total", 3, 2, 2.0), ("item_price", 50, 20, 0.3));
        // ex-cheap at 5: price 0.01 × (5 − 20) = −0.15.
        AssertContributions(items["ex-cheap"], ("user_clicks_total", 3, 2, 2.0), ("item_price", 5, 20, -0.15));
    }

    [Fact]
    public async Task Recommend_with_explain_explains_every_item_it_returns()
    {
        using var admin = await ArrangeAsync();

        var answer = await (await admin.PostAsJsonAsync("/v1/recommend", new { userId = "ex-user", model = Model, k = 10, explain = true })).Json();

        // The grid is shared: an item another test priced at float.MaxValue scores so high that the click's contribution
        // of 2 is below float precision there (rightly left out as zero); every item scored at an ordinary magnitude has it.
        var own = answer.GetProperty("items").EnumerateArray().Where(i => Math.Abs(i.GetProperty("score").GetDouble()) < 1e6).ToList();
        Assert.False(answer.GetProperty("fallback").GetBoolean(), answer.ToString());
        Assert.NotEmpty(own);
        Assert.All(answer.GetProperty("items").EnumerateArray(), i => Assert.True(i.TryGetProperty("contributions", out _), i.ToString()));
        Assert.All(own, i => Assert.Contains(i.GetProperty("contributions").EnumerateArray(),
            c => c.GetProperty("feature").GetString() == "user_clicks_total" && Math.Abs(c.GetProperty("contribution").GetDouble() - 2) < 1e-4));
    }

    /// <summary>The linear model (registered once), two priced items and a user with three clicks.</summary>
    private async Task<HttpClient> ArrangeAsync()
    {
        var admin = grid.Host.Http(Roles.Admin);
        var onnx = OnnxGraph.Linear(Weights, 1f);
        var manifest = new ModelManifest(Model, "v1", DateTimeOffset.UtcNow, Features, "features", "score", [], "hand-built",
            Inference.ModelStore.Sha256Hex(onnx), "hand-built", References, null);
        var registered = await admin.PostAsync($"/v1/models/{Model}/versions", TestModels.Upload(onnx, manifest));
        Assert.True(registered.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, registered.StatusCode.ToString());
        await ServingTests.UpsertItemsAsync(admin, grid.Host.Grains, ("ex-dear", 50), ("ex-cheap", 5));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await admin.PostAsJsonAsync("/v1/events", Enumerable.Range(0, 3).Select(i => new { eventId = $"ex-{i}", userId = "ex-user", itemId = "ex-dear", type = "click", ts = now }));
        await TestInfra.WaitUntil(async () => (await grid.Host.Grains.GetGrain<IUserFeatureGrain>("ex-user").GetFeaturesAsync(now)).Numbers
            .GetValueOrDefault("user_clicks_total") == 3, TimeSpan.FromSeconds(30), "three clicks of ex-user");
        return admin;
    }

    private static async Task<JsonElement> RankAsync(HttpClient http, object body)
    {
        var response = await http.PostAsJsonAsync("/v1/rank", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static double[] Scores(JsonElement answer) =>
        answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetDouble()).ToArray();

    private static void AssertContributions(JsonElement contributions, params (string Feature, double Value, double Reference, double Contribution)[] expected)
    {
        var actual = contributions.EnumerateArray().ToArray();
        Assert.Equal(expected.Select(e => e.Feature), actual.Select(c => c.GetProperty("feature").GetString()));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Value, actual[i].GetProperty("value").GetDouble(), 4);
            Assert.Equal(expected[i].Reference, actual[i].GetProperty("reference").GetDouble(), 4);
            Assert.Equal(expected[i].Contribution, actual[i].GetProperty("contribution").GetDouble(), 4);
        }
    }
}
