using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary><c>report MODEL</c>: per-variant results (latency, errors, fallbacks, CTR with 95% interval, drift).</summary>
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
                table.Add(v.Variant, v.Version, v.Requests.ToString(CultureInfo.InvariantCulture), F(v.P50Ms), F(v.P99Ms), P(v.ErrorRate), P(v.FallbackRate),
                    v.Impressions.ToString(CultureInfo.InvariantCulture), v.Clicks.ToString(CultureInfo.InvariantCulture),
                    $"{P(v.Ctr.Value)} [{P(v.Ctr.Low)}, {P(v.Ctr.High)}]", v.ScorePsi is { } psi ? F(psi) : "-");
            }

            table.Write(ctx.Out);
            if (report.CtrDifference is { } d)
            {
                ctx.Out.WriteLine($"CTR canary - stable: {P(d.Value)} [{P(d.Low)}, {P(d.High)}]{(d.Low > 0 ? "  (canary better)" : d.High < 0 ? "  (canary worse)" : "  (no significant difference)")}");
            }

            var drifting = report.Variants.SelectMany(v => v.Drift.Where(f => f.Psi >= 0.1).Select(f => (v.Version, f))).ToArray();
            if (drifting.Length > 0)
            {
                var drift = new Table("version", "feature", "PSI", "level");
                foreach (var (version, f) in drifting.OrderByDescending(x => x.f.Psi))
                {
                    drift.Add(version, f.Feature, F(f.Psi), f.Level);
                }

                ctx.Out.WriteLine("drift (PSI >= 0.1):");
                drift.Write(ctx.Out);
            }
        });
        return 0;
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string P(double v) => (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
