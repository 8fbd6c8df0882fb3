using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A retraining run outlives its silo: with PostgreSQL, a silo stopped while the run's canary soaks leaves the run's
/// state and the autopilot's reminder behind, and a new silo on the same database resumes the run at that step,
/// without being asked, and finishes it.
/// </summary>
public sealed class AutopilotRestartTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Policy = AutopilotGrid.ManualRunPolicy(soakSeconds: 15, minImpressions: 50, harmMargin: 1);

    [Fact]
    public async Task A_silo_restarted_while_the_canary_soaks_resumes_the_run_at_its_step_and_finishes_it()
    {
        await TestInfra.WithOwnKafkaAsync("autopilot-restart", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var settings = AutopilotGrid.Settings(rate: 200, Policy);
            string runId;
            await using (var first = await GridHost.StartAsync(kafka, db, "autopilot-restart", store, extra: settings))
            {
                runId = await StartAndStopWhileSoakingAsync(first);
            }

            await using var second = await GridHost.StartAsync(kafka, db, "autopilot-restart", store, extra: settings);
            using var reader = second.Http(Roles.Read);
            var run = await AutopilotGrid.FinishedRunAsync(reader, TimeSpan.FromSeconds(90));
            output.WriteLine(run.ToString());

            Assert.Equal(runId, run.GetProperty("runId").GetString());
            Assert.Equal("promoted", run.GetProperty("outcome").GetString());
            Assert.True(run.GetProperty("resumes").GetInt32() >= 1, $"the run was resumed by a new activation: {run}");
            var plan = await (await reader.GetAsync("/v1/models/ranker/rollout")).Json();
            Assert.Equal(run.GetProperty("version").GetString(), plan.GetProperty("stable").GetString());
            Assert.Contains(await AutopilotGrid.AutopilotHistoryAsync(reader), s => s.StartsWith($"retraining: run {runId} resumed at step soaking", StringComparison.Ordinal));
        });
    }

    /// <summary>Starts a run by hand and answers its id once its canary soaks (that step persisted).</summary>
    private static async Task<string> StartAndStopWhileSoakingAsync(GridHost grid)
    {
        using var admin = grid.Http(Roles.Admin);
        var runId = await AutopilotGrid.TriggerOnLiveTrafficAsync(admin, "a run to interrupt");
        JsonElement? run = null;
        await TestInfra.WaitUntil(async () => (run = await AutopilotGrid.LatestRunAsync(admin))?.GetProperty("step").GetString() == RetrainingSteps.Soaking,
            TimeSpan.FromSeconds(90), () => $"{runId} to reach its soak: {run}");
        return runId;
    }
}
