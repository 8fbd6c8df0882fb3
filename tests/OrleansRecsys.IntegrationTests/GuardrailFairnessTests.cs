using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A client with the score role cannot force a rollback: it picks user ids that route to the canary and sends them
/// 1,000-candidate requests with a 1 ms deadline (every one falls back) and with a 10 s deadline (whole requests far
/// above 50 ms). The earlier guardrails rolled the canary back on the fallback delta or the p99; now the canary, the
/// same model as the stable, stays and the report judges it within bounds.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GuardrailFairnessTests(GridFixture grid)
{
    private const string Model = "ranker-fair";

    [Fact]
    public async Task A_client_cannot_force_a_rollback_with_huge_candidate_lists_short_deadlines_or_chosen_users()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "f1", Model)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "f2", Model)).StatusCode);
        var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        var guardrails = new { minRequests = 50 };
        var put = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout",
            new { canary = "f2", canaryPercent = 50, guardrails, revision = plan.GetProperty("revision").GetInt64(), reason = "fairness" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var salt = plan.GetProperty("salt").GetString()!;
        var canaryUsers = Enumerable.Range(0, 10_000).Select(i => "attacker-" + i)
            .Where(u => RolloutMath.Bucket(salt, u) < RolloutMath.Threshold(50)).Take(50).ToArray();
        await TestInfra.WaitUntil(async () => (await RankAsync(admin, canaryUsers[0], 2, null)).GetProperty("variant").GetString() == "canary",
            TimeSpan.FromSeconds(10), "the plan to route to the canary");

        var huge = Enumerable.Range(0, RequestLimits.MaxCandidates).Select(i => "fair-i" + i).ToArray();
        for (var i = 0; i < 100; i++)
        {
            var shortDeadline = i % 2 == 0;
            var answer = await RankAsync(admin, canaryUsers[i % canaryUsers.Length], huge.Length, shortDeadline ? 1 : 10_000, huge);
            if (shortDeadline && answer.GetProperty("variant").GetString() == Variants.None)
            {
                // On a busy machine the HTTP API answers a 1 ms deadline from its own popularity snapshot before the grid
                // does; the grid's request still reaches the canary and is what the guardrails must not count against it.
                Assert.Equal(FallbackReasons.Deadline, answer.GetProperty("fallbackReason").GetString());
                continue;
            }

            Assert.Equal("canary", answer.GetProperty("variant").GetString());
        }

        JsonElement report = default;
        await TestInfra.WaitUntil(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await RankAsync(admin, "fair-" + Guid.NewGuid(), 2, null);
            }

            report = (await (await admin.GetAsync($"/v1/models/{Model}/report")).Json()).GetProperty("guardrails");
            return report.GetProperty("verdict").GetString() == GuardrailVerdicts.WithinBounds;
        }, TimeSpan.FromSeconds(60), "the guardrails to judge the canary");

        var current = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        Assert.Equal("f2", current.GetProperty("canary").GetString());
        var canary = report.GetProperty("canary");
        Assert.True(canary.GetProperty("requests").GetInt64() > canary.GetProperty("compared").GetInt64(), report.ToString());
        Assert.Equal(0, report.GetProperty("fallbackRateDelta").GetDouble(), 2);
    }

    private static async Task<JsonElement> RankAsync(HttpClient http, string userId, int count, int? deadlineMs, string[]? candidates = null)
    {
        string[] two = ["fair-a", "fair-b"];
        var body = new { userId, model = Model, candidates = candidates ?? two[..Math.Min(count, 2)], deadlineMs };
        var response = await http.PostAsJsonAsync("/v1/rank", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }
}
