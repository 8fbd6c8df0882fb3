using System.Globalization;
using System.Text.Json;
using OrleansRecsys.Training;
using OrleansRecsys.Training.Evaluation;

namespace OrleansRecsys.Cli;

/// <summary>Prints <c>evaluate --recommend</c>: recommend's and popularity's HR@K with intervals, their paired difference,
/// candidate recall and where recommend's hits came from.</summary>
internal static class RecommendReportPrinter
{
    public static void Print(CliContext ctx, RecommendReport report)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(report, RankerTrainer.ManifestJson));
            return;
        }

        ctx.Out.WriteLine($"{report.Cases} held-out cases from {report.Users} users since {Format.Time(report.TestFrom)}; " +
            $"recommend ranks {report.MeanCandidates.ToString("0", CultureInfo.InvariantCulture)} candidates a case with {report.Ranker}");
        var table = new Table("answer", $"hr@{report.K}", "95% ci");
        table.Add("recommend", Format.Mean(report.Recommend), Format.Interval(report.Recommend));
        table.Add($"popularity top-{report.K}", Format.Mean(report.Popularity), Format.Interval(report.Popularity));
        table.Add("recommend - popularity", Format.SignedMean(report.Difference), Format.Interval(report.Difference));
        table.Add("candidate recall", Format.Mean(report.CandidateRecall), Format.Interval(report.CandidateRecall));
        table.Write(ctx.Out);
        var sources = string.Join(", ", report.HitsBySource.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
        ctx.Out.WriteLine($"recommend's hits by candidate source: {(sources.Length == 0 ? "none" : sources)}");
    }
}
