using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary><c>report MODEL</c>: per-variant results (latency, errors, fallbacks, CTR with 95% interval, drift), the guardrails' judgement of a canary
/// and the inputs' data quality.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var model = ctx.Args.Positional(1, "MODEL");
        ctx.Args.MaxPositionals(2);
        var raw = await ctx.Api.GetAsync($"v1/models/{ApiClient.Segment(model)}/report", ctx.Cancellation);
        ctx.Render<ModelReport>(raw, report =>
        {
            ctx.Out.WriteLine($"model {report.Model}  since {Format.Time(report.Since)}");
            var table = new Table("variant", "version", "requests", "p50 ms", "p99 ms", "errors", "fallbacks", "impressions", "clicks", "CTR (95% CI)", "score PSI");
            foreach (var v in report.Variants)
            {
                table.Add(v.Variant, v.Version, Format.Integer(v.Requests), Measure(v.P50Ms), Measure(v.P99Ms), AsPercent(v.ErrorRate), AsPercent(v.FallbackRate),
                    Format.Integer(v.Impressions), Format.Integer(v.Clicks),
                    $"{AsPercent(v.Ctr.Value)} [{AsPercent(v.Ctr.Low)}, {AsPercent(v.Ctr.High)}]", v.ScorePsi is { } psi ? Measure(psi) : "-");
            }

            table.Write(ctx.Out);
            if (report.CtrDifference is { } d)
            {
                ctx.Out.WriteLine($"CTR canary - stable: {AsPercent(d.Value)} [{AsPercent(d.Low)}, {AsPercent(d.High)}]{(d.Low > 0 ? "  (canary better)" : d.High < 0 ? "  (canary worse)" : "  (no significant difference)")}");
            }

            if (report.Arms is { Length: > 1 } arms)
            {
                WriteArms(ctx.Out, arms);
            }

            if (report.Guardrails is { } g)
            {
                WriteGuardrails(ctx.Out, g);
            }

            var drifting = report.Variants.SelectMany(v => v.Drift.Where(f => f.Psi >= 0.1).Select(f => (v.Version, f))).ToArray();
            if (drifting.Length > 0)
            {
                var drift = new Table("version", "feature", "PSI", "level");
                foreach (var (version, f) in drifting.OrderByDescending(x => x.f.Psi))
                {
                    drift.Add(version, f.Feature, Measure(f.Psi), f.Level);
                }

                ctx.Out.WriteLine("drift over the grid's drift window (PSI >= 0.1):");
                drift.Write(ctx.Out);
            }
            else if (report.Variants.SelectMany(v => v.Drift).MaxBy(f => f.Psi) is { } largest)
            {
                // Say so when nothing drifts: an empty section would not tell "steady" from "not measured".
                ctx.Out.WriteLine($"drift over the grid's drift window: none (largest PSI {Measure(largest.Psi)}, {largest.Feature})");
            }

            if (report.DataQuality is { } quality)
            {
                WriteDataQuality(ctx.Out, quality);
            }
        });
        return 0;
    }

    /// <summary>The inputs with any missing, expired, non-finite or out-of-range values, or one line saying there are none.</summary>
    private static void WriteDataQuality(TextWriter output, DataQualityReport quality)
    {
        var table = new Table("version", "feature", "missing", "expired", "non-finite", "out of range", "training range");
        var rows = 0;
        foreach (var version in quality.Versions)
        {
            foreach (var i in version.Inputs.Where(i => i.DefaultRate > 0 || i.NonFiniteRate > 0 || i.OutOfRangeRate > 0))
            {
                table.Add(version.Version, i.Feature, AsPercent(i.MissingRate), AsPercent(i.ExpiredRate), AsPercent(i.NonFiniteRate), AsPercent(i.OutOfRangeRate),
                    i.RangeLow is { } low && i.RangeHigh is { } high ? $"{Measure(low)} .. {Measure(high)}" : "-");
                rows++;
            }
        }

        if (rows == 0)
        {
            output.WriteLine($"data quality: every input clean ({string.Join(", ", quality.Versions.Select(v => $"{v.Version}: {Format.Integer(v.Rows)} rows"))})");
            return;
        }

        output.WriteLine("data quality of the inputs served (shares of their values):");
        table.Write(output);
    }

    /// <summary>Every arm against the stable: CTR, the difference with its unadjusted interval, raw and Holm-adjusted p-values, verdicts.</summary>
    private static void WriteArms(TextWriter output, ArmComparison[] arms)
    {
        output.WriteLine($"arms vs stable (Holm–Bonferroni over the {arms.Count(a => a.Difference is not null)} arms with impressions, family-wise alpha {Measure(ArmVerdicts.Alpha)}):");
        var table = new Table("version", "weight", "impressions", "clicks", "CTR (95% CI)", "arm - stable (95% CI)", "p", "p (Holm)", "verdict", "guardrails");
        foreach (var a in arms)
        {
            table.Add(a.Version, Format.Percent(RolloutArms.Percent(a.Weight)), Format.Integer(a.Impressions), Format.Integer(a.Clicks),
                $"{AsPercent(a.Ctr.Value)} [{AsPercent(a.Ctr.Low)}, {AsPercent(a.Ctr.High)}]",
                a.Difference is { } d ? $"{AsPercent(d.Value)} [{AsPercent(d.Low)}, {AsPercent(d.High)}]" : "-", Measure(a.PValue), Measure(a.AdjustedPValue), a.Verdict, a.Guardrails?.Verdict ?? "-");
        }

        table.Write(output);
    }

    /// <summary>Both arms' samples and measures, and the verdict with its reason.</summary>
    private static void WriteGuardrails(TextWriter output, GuardrailReport g)
    {
        output.WriteLine($"guardrails ({g.WindowSeconds} s window): {g.Verdict}: {g.Reason}");
        var table = new Table("arm", "version", "requests", "warm-up", "compared", "errors", "fallbacks", "scored", "us/row (median)");
        foreach (var (arm, a) in new[] { ("canary", g.Canary), ("stable", g.Stable) })
        {
            table.Add(arm, a.Version, Format.Integer(a.Requests), Format.Integer(a.WarmUp), Format.Integer(a.Compared),
                AsPercent(a.ErrorRate), AsPercent(a.FallbackRate), Format.Integer(a.ScoredCompared),
                a.ScoreUsPerRow is { } us ? Measure(us) : "-");
        }

        table.Write(output);
        output.WriteLine($"canary - stable: error rate {Points(g.ErrorRateDelta)} (max +{Measure(g.Thresholds.MaxErrorRateDelta * 100)}), fallback rate {Points(g.FallbackRateDelta)} "
            + $"(max +{Measure(g.Thresholds.MaxFallbackRateDelta * 100)}); scoring time per row {(g.ScoreTimeRatio is { } r ? Measure(r) + "×" : "-")} "
            + $"(max {(g.Thresholds.MaxScoreTimeRatio > 0 ? Measure(g.Thresholds.MaxScoreTimeRatio) + "×" : "off")}), "
            + $"{(g.ScoreTimeDeltaUs is { } d ? (d >= 0 ? "+" : "") + Measure(d) + " µs" : "-")} (max {(g.Thresholds.MaxScoreTimeDeltaUs > 0 ? Measure(g.Thresholds.MaxScoreTimeDeltaUs) + " µs" : "off")})");
    }

    private static string Points(double? delta) => delta is { } d ? (d >= 0 ? "+" : "") + Measure(d * 100) + " points" : "-";

    /// <summary>A measure to at most three decimals (latencies, PSI, p-values, ratios).</summary>
    private static string Measure(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A rate (0..1) as a percentage to two decimals.</summary>
    private static string AsPercent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
