using System.Text.Json;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The autopilot closes the loop on its own: the simulator's price shift makes the stable version's inputs drift, and
/// the drift trigger trains a new version on the grid's own interaction log, gates it against the stable on the
/// held-out minutes, registers it, canaries it and promotes it, with every step in the rollout history by "autopilot".
/// Windows are seconds here (minutes and hours by default). The simulator shows every candidate (its clicks do not
/// depend on the ranking), so the canary's CTR matches the stable's and a harm margin of 0.1 lets the soak decide on a
/// few hundred impressions.
/// </summary>
public sealed class AutopilotDriftTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Policy = new()
    {
        ["DriftPsi"] = "0.25",
        ["DriftSeconds"] = "3",
        ["TrainingWindowSeconds"] = "900",
        ["HoldoutSeconds"] = "20",
        ["MinHoldoutCases"] = "30",
        ["GateMargin"] = "0.05",
        ["CanaryPercent"] = "50",
        ["SoakSeconds"] = "12",
        ["MinImpressions"] = "300",
        ["HarmMargin"] = "0.1",
        ["CooldownSeconds"] = "3600",
    };

    [Fact]
    public async Task Injected_drift_leads_to_a_trained_gated_canaried_and_promoted_version_with_no_human_step()
    {
        await TestInfra.WithOwnKafkaAsync("autopilot-drift", async (kafka, store) =>
        {
            var settings = AutopilotGrid.Settings(rate: 200, Policy, new Dictionary<string, string?> { ["Recsys:Simulator:Shift"] = "Price" });
            await using var host = await GridHost.StartAsync(kafka, postgres: null, "autopilot-drift", store, extra: settings);
            using var reader = host.Http(Roles.Read);

            var run = await AutopilotGrid.FinishedRunAsync(reader, TimeSpan.FromSeconds(150));
            output.WriteLine(run.ToString());

            Assert.Equal(("drift", "promoted"), (run.GetProperty("trigger").GetString(), run.GetProperty("outcome").GetString()));
            var version = run.GetProperty("version").GetString()!;
            var plan = await (await reader.GetAsync("/v1/models/ranker/rollout")).Json();
            Assert.Equal(version, plan.GetProperty("stable").GetString());
            Assert.Equal(JsonValueKind.Null, plan.GetProperty("canary").ValueKind);
            await AssertEveryStepAuditedAsync(reader, version);
            await AssertMeasuredAsync(host, reader, run);
        });
    }

    /// <summary>Start, training, gate, registration, the canary and the promotion are all in the history, by the autopilot, in order.</summary>
    private async Task AssertEveryStepAuditedAsync(HttpClient reader, string version)
    {
        var steps = await AutopilotGrid.AutopilotHistoryAsync(reader);
        output.WriteLine(string.Join("\n", steps));
        string[] expected = ["retraining: run ranker-retrain-1 started", "retraining: run ranker-retrain-1: trained", "retraining: run ranker-retrain-1: gate passed",
            $"retraining: run ranker-retrain-1: registered {version}", $"set: run ranker-retrain-1: {version} as canary", "promote: run ranker-retrain-1: CTR difference"];
        var position = -1;
        foreach (var step in expected)
        {
            var found = steps.FindIndex(position + 1, s => s.StartsWith(step, StringComparison.Ordinal));
            Assert.True(found > position, $"'{step}' after entry {position} in:\n{string.Join("\n", steps)}");
            position = found;
        }
    }

    /// <summary>The run counts in the metrics, and the report carries the autopilot's status with the gate's figures.</summary>
    private static async Task AssertMeasuredAsync(GridHost host, HttpClient reader, JsonElement run)
    {
        using var anonymous = host.Http();
        Assert.Equal(1, await AutopilotGrid.RunsTotalAsync(anonymous, "promoted"));
        Assert.True(run.GetProperty("gateCases").GetInt32() >= 30);
        Assert.True(run.GetProperty("gateCandidate").GetDouble() > 0.5, $"the candidate ranks better than chance on the hold-out: {run}");

        var report = await (await reader.GetAsync("/v1/models/ranker/report")).Json();
        var status = report.GetProperty("retraining");
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(run.GetProperty("runId").GetString(), status.GetProperty("last").GetProperty("runId").GetString());
        Assert.Equal(JsonValueKind.String, status.GetProperty("lastSuccessAt").ValueKind);
    }
}
