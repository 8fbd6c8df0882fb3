using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A canary that is really slower, a real ONNX model doing far more work per row than the stable, is rolled back by the
/// scoring-time guardrail from live traffic alone: nothing is faked, the measure is the model's own scoring time.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class SlowCanaryTests(GridFixture grid)
{
    private const string Model = "ranker-slow";

    [Fact]
    public async Task A_canary_that_scores_much_slower_than_the_stable_is_rolled_back_on_scoring_time()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "q1", Model)).StatusCode);
        var (onnx, manifest) = TestModels.SlowToScore("q2-slow", Model);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/v1/models/{Model}/versions", TestModels.Upload(onnx, manifest))).StatusCode);
        var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        // Judged on scoring time alone (the default 2× ratio): a slow model may also miss deadlines, and a rollback for
        // its fallbacks would not show that the scoring-time measure works.
        var guardrails = new { minRequests = 30, maxFallbackRateDelta = 1.0 };
        var put = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout",
            new { canary = "q2-slow", canaryPercent = 50, guardrails, revision = plan.GetProperty("revision").GetInt64(), reason = "slow canary" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var canaryServed = 0;
        var judged = "";
        await TestInfra.WaitUntil(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var response = await admin.PostAsJsonAsync("/v1/rank", new { userId = "slow-" + Guid.NewGuid(), model = Model, candidates = new[] { "sl-a", "sl-b", "sl-c", "sl-d" } });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                canaryServed += (await response.Json()).GetProperty("version").GetString() == "q2-slow" ? 1 : 0;
            }

            var current = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
            judged = (await (await admin.GetAsync($"/v1/models/{Model}/report")).Json()).GetProperty("guardrails").ToString();
            return current.GetProperty("canary").ValueKind == JsonValueKind.Null;
        }, TimeSpan.FromSeconds(90), () => $"the scoring-time guardrail to roll the slow canary back ({canaryServed} served by it); last report: {judged}");

        Assert.True(canaryServed > 0, "the canary must have served before it was rolled back");
        var history = (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).EnumerateArray().ToArray();
        Assert.Equal("rollback", history[0].GetProperty("action").GetString());
        Assert.Equal("system:guardrails", history[0].GetProperty("who").GetString());
        Assert.Contains("scoring time", history[0].GetProperty("why").GetString());
    }
}
