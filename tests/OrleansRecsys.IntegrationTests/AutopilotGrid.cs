using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// What the autopilot tests share: an embedded grid with the simulator's traffic and a one-second autopilot tick, and
/// readers for the runs, the rollout history and the retraining metrics.
/// </summary>
public static partial class AutopilotGrid
{
    /// <summary>The grid's settings: simulated traffic at <paramref name="rate"/> events/s, a short drift window, a fast tick,
    /// and the ranker's policy <paramref name="policy"/> (keys under <c>Recsys:Retraining:Models:ranker</c>).</summary>
    public static Dictionary<string, string?> Settings(int rate, IDictionary<string, string> policy, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Simulator:Enabled"] = "true",
            ["Recsys:Simulator:EventsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Recsys:Grid:DriftWindowSeconds"] = "10",
            ["Recsys:Retraining:TickSeconds"] = "1",
            ["Logging:LogLevel:OrleansRecsys.Grains.Retraining"] = "Information",
        };
        foreach (var (key, value) in policy)
        {
            settings[$"Recsys:Retraining:Models:ranker:{key}"] = value;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// The ranker's policy for a run started by hand: no trigger of its own (a drift PSI of 0 turns drift off), training on
    /// the last 15 minutes with the last 20 s held out, and a gate margin of 1, which lets any candidate through to a canary
    /// at 50 %. The soak decides: <paramref name="soakSeconds"/> long and at least <paramref name="minImpressions"/>
    /// impressions per arm, rolled back when the interval does not rule out a CTR drop beyond <paramref name="harmMargin"/>.
    /// </summary>
    public static Dictionary<string, string> ManualRunPolicy(int soakSeconds, int minImpressions, double harmMargin) => new()
    {
        ["DriftPsi"] = "0",
        ["TrainingWindowSeconds"] = "900",
        ["HoldoutSeconds"] = "20",
        ["MinHoldoutCases"] = "1",
        ["GateMargin"] = "1",
        ["CanaryPercent"] = "50",
        ["SoakSeconds"] = soakSeconds.ToString(CultureInfo.InvariantCulture),
        ["MinImpressions"] = minImpressions.ToString(CultureInfo.InvariantCulture),
        ["HarmMargin"] = harmMargin.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Waits for the simulator's traffic to reach ranker@v1, then starts a run by hand; answers its id.</summary>
    public static async Task<string> TriggerOnLiveTrafficAsync(HttpClient admin, string reason)
    {
        await WaitForLiveTrafficAsync(admin);
        return (await TriggerAsync(admin, reason)).GetProperty("runId").GetString()!;
    }

    /// <summary>The newest run of the ranker, or null before the first.</summary>
    public static async Task<JsonElement?> LatestRunAsync(HttpClient reader)
    {
        using var response = await reader.GetAsync("/v1/models/ranker/retraining/runs");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var runs = await response.Json();
        return runs.GetArrayLength() == 0 ? null : runs[0];
    }

    /// <summary>Waits for the newest run to end and answers it.</summary>
    public static async Task<JsonElement> FinishedRunAsync(HttpClient reader, TimeSpan timeout)
    {
        JsonElement? run = null;
        await TestInfra.WaitUntil(async () => (run = await LatestRunAsync(reader)) is { } r && r.GetProperty("outcome").ValueKind == JsonValueKind.String,
            timeout, () => $"a retraining run to end: {run}");
        return run!.Value;
    }

    /// <summary>The rollout history's entries by the autopilot, oldest first, as "action: why".</summary>
    public static async Task<List<string>> AutopilotHistoryAsync(HttpClient reader)
    {
        var history = await (await reader.GetAsync("/v1/models/ranker/rollout/history")).Json();
        return history.EnumerateArray().Reverse().Where(c => c.GetProperty("who").GetString() == "autopilot")
            .Select(c => $"{c.GetProperty("action").GetString()}: {c.GetProperty("why").GetString()}").ToList();
    }

    /// <summary>The value of <c>recsys_retraining_runs_total</c> for the ranker and <paramref name="outcome"/> (0 when absent).</summary>
    public static async Task<double> RunsTotalAsync(HttpClient http, string outcome)
    {
        var text = await http.GetStringAsync("/metrics");
        var match = RunsLine().Matches(text).FirstOrDefault(m => m.Groups["labels"].Value.Contains("model=\"ranker\"", StringComparison.Ordinal)
            && m.Groups["labels"].Value.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal));
        return match is null ? 0 : double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until ranker@v1 is stable and serves the simulator's live sessions: the simulator produces its history
    /// first, so from then on the interaction log holds what a run trains and gates on.</summary>
    public static async Task WaitForLiveTrafficAsync(HttpClient reader) =>
        await TestInfra.WaitUntil(async () =>
        {
            using var response = await reader.GetAsync("/v1/models/ranker/report");
            return response.StatusCode == HttpStatusCode.OK
                && (await response.Json()).GetProperty("variants").EnumerateArray().Any(v => v.GetProperty("variant").GetString() == "stable" && v.GetProperty("impressions").GetInt64() > 0);
        }, TimeSpan.FromSeconds(90), "ranker@v1 to serve live traffic");

    /// <summary>Starts a run through the API, as recsysctl retraining trigger does.</summary>
    public static async Task<JsonElement> TriggerAsync(HttpClient admin, string reason)
    {
        using var response = await admin.PostAsJsonAsync("/v1/models/ranker/retraining/runs", new { reason });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Json();
    }

    [GeneratedRegex(@"(?m)^recsys_retraining_runs_total\{(?<labels>[^}]*)\} (?<value>\S+)")]
    private static partial Regex RunsLine();
}
