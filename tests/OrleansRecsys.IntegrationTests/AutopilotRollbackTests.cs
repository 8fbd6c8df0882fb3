using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Retraining;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A worse version does not survive its canary: the run's candidate is trained on shuffled labels, a gate margin of 1
/// lets it through to the canary, and the simulator's users act only on the top item they are shown, so its poorer
/// ranking earns a lower attributed CTR. After the soak the interval does not rule out harm, and the autopilot rolls it
/// back, recorded in the rollout history.
/// </summary>
public sealed class AutopilotRollbackTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Policy = AutopilotGrid.ManualRunPolicy(soakSeconds: 25, minImpressions: 250, harmMargin: 0.02);

    [Fact]
    public async Task A_worse_version_let_through_the_gate_is_rolled_back_after_its_soak_and_the_rollback_is_audited()
    {
        await TestInfra.WithOwnKafkaAsync("autopilot-rollback", async (kafka, store) =>
        {
            var settings = AutopilotGrid.Settings(rate: 300, Policy, new Dictionary<string, string?> { ["Recsys:Simulator:Shown"] = "1" });
            await using var host = await GridHost.StartAsync(kafka, postgres: null, "autopilot-rollback", store, extra: settings, services: UseShuffledLabels);
            using var admin = host.Http(Roles.Admin);
            var runId = await AutopilotGrid.TriggerOnLiveTrafficAsync(admin, "try a candidate trained on shuffled labels");
            var run = await AutopilotGrid.FinishedRunAsync(admin, TimeSpan.FromSeconds(120));
            output.WriteLine(run.ToString());

            Assert.Equal(runId, run.GetProperty("runId").GetString());
            Assert.Equal(("manual", "rolled_back"), (run.GetProperty("trigger").GetString(), run.GetProperty("outcome").GetString()));
            Assert.True(run.GetProperty("ctrDifference").GetProperty("high").GetDouble() < 0, $"the canary's CTR is clearly below the stable's: {run}");
            await AssertStableKeptAndAuditedAsync(admin, run);
            using var anonymous = host.Http();
            Assert.Equal(1, await AutopilotGrid.RunsTotalAsync(anonymous, "rolled_back"));
        });
    }

    /// <summary>The plan is back to v1 without a canary, the candidate stays registered, and the rollback is the autopilot's, with its reason.</summary>
    private async Task AssertStableKeptAndAuditedAsync(HttpClient admin, JsonElement run)
    {
        var plan = await (await admin.GetAsync("/v1/models/ranker/rollout")).Json();
        Assert.Equal(("v1", JsonValueKind.Null), (plan.GetProperty("stable").GetString(), plan.GetProperty("canary").ValueKind));
        var version = run.GetProperty("version").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/models/ranker/versions/{version}")).StatusCode);

        var steps = await AutopilotGrid.AutopilotHistoryAsync(admin);
        output.WriteLine(string.Join("\n", steps));
        Assert.Contains(steps, s => s.StartsWith($"set: run {run.GetProperty("runId").GetString()}: {version} as canary", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("rollback: run ", StringComparison.Ordinal) && s.Contains("does not rule out a drop beyond 0.02", StringComparison.Ordinal));
    }

    /// <summary>Replaces the silo's workbench with <see cref="LabelShuffledWorkbench"/> around it.</summary>
    private static void UseShuffledLabels(IServiceCollection services)
    {
        var silo = services.Last(d => d.ServiceType == typeof(IRetrainingWorkbench));
        services.AddSingleton<IRetrainingWorkbench>(sp => new LabelShuffledWorkbench(
            (IRetrainingWorkbench)ActivatorUtilities.CreateInstance(sp, silo.ImplementationType!), sp.GetRequiredService<FeatureCatalog>()));
    }
}
