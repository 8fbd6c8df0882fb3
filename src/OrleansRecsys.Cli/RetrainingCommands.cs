using System.Globalization;
using System.Text.Json;
using static System.FormattableString;

namespace OrleansRecsys.Cli;

/// <summary><c>retraining show|set|runs|trigger MODEL</c> over /v1/models/{name}/retraining.</summary>
internal static class RetrainingCommands
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The options of <c>retraining set</c>: each changes one field of the policy, the rest keep their values.</summary>
    private static readonly (string Option, Func<Args, RetrainingPolicy, RetrainingPolicy> Apply)[] PolicyOptions =
    [
        ("enabled", (a, p) => p with { Enabled = a.Option("enabled") is not ("false" or "0" or "off") }),
        ("schedule", (a, p) => p with { ScheduleSeconds = a.Int("schedule", p.ScheduleSeconds, 0, int.MaxValue) }),
        ("drift-psi", (a, p) => p with { DriftPsi = a.Double("drift-psi", 0, 1000) ?? p.DriftPsi }),
        ("drift-for", (a, p) => p with { DriftSeconds = a.Int("drift-for", p.DriftSeconds, 0, int.MaxValue) }),
        ("performance-drop", (a, p) => p with { PerformanceDrop = a.Double("performance-drop", 0, 1) ?? p.PerformanceDrop }),
        ("performance-window", (a, p) => p with { PerformanceWindowSeconds = a.Int("performance-window", p.PerformanceWindowSeconds, 1, int.MaxValue) }),
        ("performance-recent", (a, p) => p with { PerformanceRecentSeconds = a.Int("performance-recent", p.PerformanceRecentSeconds, 1, int.MaxValue) }),
        ("min-impressions", (a, p) => p with { MinImpressions = a.Long("min-impressions", 1) ?? p.MinImpressions }),
        ("training-window", (a, p) => p with { TrainingWindowSeconds = a.Int("training-window", p.TrainingWindowSeconds, 1, int.MaxValue) }),
        ("holdout", (a, p) => p with { HoldoutSeconds = a.Int("holdout", p.HoldoutSeconds, 1, int.MaxValue) }),
        ("min-holdout-cases", (a, p) => p with { MinHoldoutCases = a.Int("min-holdout-cases", p.MinHoldoutCases, 1, int.MaxValue) }),
        ("gate-margin", (a, p) => p with { GateMargin = a.Double("gate-margin", 0, 1) ?? p.GateMargin }),
        ("canary-percent", (a, p) => p with { CanaryPercent = a.Decimal("canary-percent", 0m, 100m) ?? p.CanaryPercent }),
        ("soak", (a, p) => p with { SoakSeconds = a.Int("soak", p.SoakSeconds, 1, int.MaxValue) }),
        ("harm-margin", (a, p) => p with { HarmMargin = a.Double("harm-margin", 0, 1) ?? p.HarmMargin }),
        ("cooldown", (a, p) => p with { CooldownSeconds = a.Int("cooldown", p.CooldownSeconds, 0, int.MaxValue) }),
    ];

    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(1, "retraining command (show|set|runs|trigger)");
        var model = ctx.Args.Positional(2, "MODEL");
        ctx.Args.MaxPositionals(3);
        var path = $"v1/models/{ApiClient.Segment(model)}/retraining";
        return verb switch
        {
            "show" => ShowAsync(ctx, path),
            "set" => SetAsync(ctx, path),
            "runs" => RunsAsync(ctx, path),
            "trigger" => TriggerAsync(ctx, path),
            _ => throw new UsageException($"unknown retraining command '{verb}'"),
        };
    }

    private static async Task<int> ShowAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow();
        ctx.Render<RetrainingView>(await ctx.Api.GetAsync(path, ctx.Cancellation), view => PrintView(ctx.Out, view));
        return 0;
    }

    /// <summary>Reads the effective policy, changes the fields given, and PUTs the whole policy back.</summary>
    private static async Task<int> SetAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow(["reason", .. PolicyOptions.Select(o => o.Option)]);
        var reason = ctx.Args.Required("reason");
        var current = ApiClient.Parse<RetrainingView>(await ctx.Api.GetAsync(path, ctx.Cancellation)).Policy ?? new RetrainingPolicy();
        var policy = PolicyOptions.Where(o => ctx.Args.Has(o.Option)).Aggregate(current, (p, o) => o.Apply(ctx.Args, p));
        var body = JsonSerializer.SerializeToNode(policy, Web)!.AsObject();
        body["reason"] = reason;
        ctx.Render<RetrainingView>(await ctx.Api.PutJsonAsync(path, body, ctx.Cancellation), view => PrintView(ctx.Out, view));
        return 0;
    }

    private static async Task<int> RunsAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow();
        ctx.Render<RetrainingRun[]>(await ctx.Api.GetAsync($"{path}/runs", ctx.Cancellation), runs =>
        {
            var table = new Table("run", "started", "trigger", "version", "step", "outcome", "reason");
            foreach (var run in runs)
            {
                table.Add(run.RunId, Format.Time(run.StartedAt), run.Trigger, run.Version, run.Step, run.Outcome ?? "-", run.Reason ?? run.TriggerReason);
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    private static async Task<int> TriggerAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow("reason");
        var reason = ctx.Args.Required("reason");
        ctx.Render<RetrainingRun>(await ctx.Api.PostJsonAsync($"{path}/runs", new TriggerPost(reason), ctx.Cancellation),
            run => ctx.Out.WriteLine($"{run.RunId} started: training {run.Version} against the stable {run.BaseVersion}"));
        return 0;
    }

    private static void PrintView(TextWriter output, RetrainingView view)
    {
        var p = view.Policy;
        var status = view.Status;
        Table.KeyValues(output,
        [
            ("model", view.Model),
            ("policy", p is null ? "none" : $"{(p.Enabled ? "enabled" : "disabled")} ({view.Source})"),
            ("triggers", p is null ? "-" : Invariant($"schedule {Off(p.ScheduleSeconds)} s, drift PSI {Off(p.DriftPsi)} for {p.DriftSeconds} s, CTR drop {Off(p.PerformanceDrop)} ({p.PerformanceRecentSeconds} s against {p.PerformanceWindowSeconds} s)")),
            ("pipeline", p is null ? "-" : Invariant($"train {p.TrainingWindowSeconds} s, hold out {p.HoldoutSeconds} s (gate margin {p.GateMargin}), canary {Format.Percent(p.CanaryPercent)} for {p.SoakSeconds} s (harm margin {p.HarmMargin}), cool-down {p.CooldownSeconds} s")),
            ("running", status.Current is { } c ? $"{c.RunId} at {c.Step} ({c.TriggerReason})" : "-"),
            ("last run", status.Last is { } l ? $"{l.RunId} {l.Outcome}: {l.Reason}" : "-"),
            ("last success", status.LastSuccessAt is { } at ? Format.Time(at) : "-"),
            ("last failure", status.LastFailure is { } f ? $"{f.RunId}: {f.Reason}" : "-"),
        ]);
    }

    private static string Off(double value) => value <= 0 ? "off" : value.ToString(CultureInfo.InvariantCulture);

    private sealed record TriggerPost(string Reason);
}
