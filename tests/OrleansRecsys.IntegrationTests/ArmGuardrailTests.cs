using System.Net;
using System.Net.Http.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A two-arm experiment where one arm's version scores NaN (a model error) on a real ONNX graph: the guardrails take that
/// arm out alone, from live traffic, and the healthy arm keeps its weight, its users and its place in the plan.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ArmGuardrailTests(GridFixture grid)
{
    private const string Model = "arms-guarded";
    private const string Stable = "ag0";
    private const string Healthy = "ag-good";
    private const string Broken = "ag-nan";
    private static readonly string[] Candidates = ["ag-ok", "ag-huge"];

    [Fact]
    public async Task The_guardrails_remove_the_arm_whose_version_fails_and_the_other_arm_keeps_its_weight_and_its_users()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, Stable, Model)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, Healthy, Model)).StatusCode);
        await ServingTests.RegisterFragileAsync(admin, Model, Broken);
        await ServingTests.UpsertItemsAsync(admin, grid.Host.Grains, ("ag-ok", 5), ("ag-huge", 2e7));

        var revision = (await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json()).GetProperty("revision").GetInt64();
        // Judged on error rate alone: scoring time and fallbacks differ between a hand-built graph and the ranker anyway.
        var guardrails = new { minRequests = 10, maxErrorRateDelta = 0.05, maxFallbackRateDelta = 1.0, maxScoreTimeRatio = 0 };
        var arms = new[] { new { version = Healthy, weight = 3000 }, new { version = Broken, weight = 3000 } };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout", new { arms, guardrails, revision, reason = "two arms" })).StatusCode);

        var servedBroken = await RankUntilTheBrokenArmIsRemovedAsync(admin);

        Assert.True(servedBroken > 0, "the broken arm must have served before the guardrails removed it");
        var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        Assert.Equal([(Healthy, 3000)], plan.GetProperty("arms").EnumerateArray().Select(a => (a.GetProperty("version").GetString()!, a.GetProperty("weight").GetInt32())));
        Assert.Equal((Healthy, Stable), (plan.GetProperty("canary").GetString(), plan.GetProperty("stable").GetString()));

        var history = (await (await admin.GetAsync($"/v1/models/{Model}/rollout/history")).Json()).EnumerateArray().ToArray();
        Assert.Equal(("remove_arm", "system:guardrails"), (history[0].GetProperty("action").GetString(), history[0].GetProperty("who").GetString()));
        Assert.Contains(Broken, history[0].GetProperty("why").GetString());
        Assert.Contains("error rate", history[0].GetProperty("why").GetString());
        Assert.Equal("set", history[1].GetProperty("action").GetString());

        await AssertTheHealthyArmStillServesItsUsersAsync(admin, plan.GetProperty("revision").GetInt64());
    }

    /// <summary>Ranks new users until the plan has lost an arm; returns how many requests the broken arm answered.</summary>
    private static async Task<int> RankUntilTheBrokenArmIsRemovedAsync(HttpClient admin)
    {
        var servedBroken = 0;
        await TestInfra.WaitUntil(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var (_, served) = await RankAsync(admin, "ag-" + Guid.NewGuid());
                servedBroken += served.Version == Broken ? 1 : 0;
            }

            var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
            return plan.GetProperty("arms").GetArrayLength() < 2;
        }, TimeSpan.FromSeconds(60), () => $"the guardrails to remove an arm ({servedBroken} requests served by {Broken})");
        return servedBroken;
    }

    /// <summary>Every user is routed by the plan after the removal: the healthy arm's users keep it, the broken arm's
    /// users are back on the stable version, and no answer is a fallback.</summary>
    private static async Task AssertTheHealthyArmStillServesItsUsersAsync(HttpClient admin, long revision)
    {
        var after = new RolloutPlan(Model, Stable, Healthy, 30m, [], Model, new Guardrails(), revision, [new RolloutArm(Healthy, 3000)]);
        var users = Enumerable.Range(0, 200).Select(i => "ag-user-" + i).ToArray();
        Assert.Contains(users, u => RolloutMath.Route(after, u).Version == Healthy);
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, users[0])).Served == RolloutMath.Route(after, users[0]), TimeSpan.FromSeconds(10), "the pushed plan");
        foreach (var user in users)
        {
            var (fallback, served) = await RankAsync(admin, user);
            Assert.Equal(RolloutMath.Route(after, user), served);
            Assert.False(fallback, $"{user} was served a fallback by {served.Version}");
        }
    }

    private static async Task<(bool Fallback, (string Variant, string? Version) Served)> RankAsync(HttpClient admin, string user)
    {
        var response = await admin.PostAsJsonAsync("/v1/rank", new { userId = user, model = Model, candidates = Candidates });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Json();
        return (answer.GetProperty("fallback").GetBoolean(), (answer.GetProperty("variant").GetString()!, answer.GetProperty("version").GetString()));
    }
}
