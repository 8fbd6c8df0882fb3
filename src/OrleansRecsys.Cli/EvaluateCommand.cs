using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Training;
using OrleansRecsys.Training.Evaluation;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>evaluate --data EVENTS --versions v1=DIR,v2=DIR [--baseline popularity] [--k 10]</c>: HR@K, NDCG@K and AUC of model
/// versions on held-out history, with 95 % intervals and paired differences against the first version.
/// </summary>
internal static class EvaluateCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        var args = ctx.Args;
        var (dataPath, catalog) = EventLogCommand.Begin(args, "data",
            "model", "versions", "models-dir", "baseline", "k", "negatives", "test-from", "test-fraction", "seed", "plot",
            "recommend", "exclude-seen");
        var k = args.Int("k", 10, 1, 1000);
        var negatives = args.Int("negatives", 99, 1, 10_000);
        var seed = args.Int("seed", 1, 0, int.MaxValue);
        var candidateRules = args.Flag("recommend") ? CandidateRulesFrom(args, catalog) : null;
        var progress = new StderrProgress(ctx.Error);
        var history = await EventLogCommand.ReadAsync(ctx, dataPath, progress);
        var options = new EvaluationOptions(TestFrom(args, history), k, negatives, seed);
        var scorers = LoadScorers(args, catalog);
        try
        {
            if (candidateRules is { } rules)
            {
                var recommend = await Task.Run(() => RecommendEvaluator.Run(history, rules, scorers[0], options, progress), ctx.Cancellation);
                RecommendReportPrinter.Print(ctx, recommend);
                return recommend.Cases == 0 ? throw new CliException("no held-out case: move --test-from or --test-fraction earlier") : RecsysCtl.Ok;
            }

            var report = await Task.Run(() => OfflineEvaluator.Run(history, catalog, scorers, options, progress), ctx.Cancellation);
            if (report.Cases == 0)
            {
                throw new CliException("no held-out case: no click, cart or purchase at or after the test time; move --test-from or --test-fraction earlier");
            }

            if (args.Option("plot") is { } plot)
            {
                await File.WriteAllTextAsync(plot, EvaluationPlot.Svg(report), ctx.Cancellation);
                progress.Report($"plot {Path.GetFullPath(plot)}");
            }

            Print(ctx, report);
            return RecsysCtl.Ok;
        }
        finally
        {
            foreach (var scorer in scorers)
            {
                scorer.Dispose();
            }
        }
    }

    /// <summary>The grid's candidate defaults, with <c>--exclude-seen</c> (event types) when given.</summary>
    private static CandidateRules CandidateRulesFrom(Args args, FeatureCatalog catalog)
    {
        var options = new CandidateOptions();
        if (args.List("exclude-seen") is { } types)
        {
            options.ExcludeSeen.EventTypes = types;
        }

        return CandidateRules.Check(catalog, options) is { } problem
            ? throw new UsageException(problem.Replace(CandidateOptions.Section + ":ExcludeSeen:EventTypes", "--exclude-seen", StringComparison.Ordinal))
            : new CandidateRules(catalog, options);
    }

    private static long TestFrom(Args args, EventHistory history)
    {
        if (args.Option("test-from") is { } from)
        {
            return EventLogCommand.ParseTime("test-from", from).ToUnixTimeMilliseconds();
        }

        var fraction = args.Double("test-fraction", 0.01, 0.99) ?? 0.2;
        try
        {
            return history.TimeAtFraction(1 - fraction);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"{args.Option("data")}: {ex.Message}");
        }
    }

    /// <summary>The versions in the order given (the first is the reference of the paired differences), then the baseline.</summary>
    private static List<IRankingScorer> LoadScorers(Args args, FeatureCatalog catalog)
    {
        var versions = args.List("versions") ?? throw new UsageException("--versions v1=DIR,v2=DIR (or v1,v2 with --models-dir DIR) is required");
        var modelsDir = args.Option("models-dir");
        var model = args.Option("model") ?? ModelNames.Default;
        var baseline = args.Option("baseline");
        if (baseline is not (null or "popularity"))
        {
            throw new UsageException($"--baseline must be popularity (got '{baseline}')");
        }

        var scorers = new List<IRankingScorer>();
        try
        {
            foreach (var entry in versions)
            {
                var (name, dir) = entry.Split('=', 2) is [var n, var d] ? (n, d)
                    : modelsDir is not null ? (entry, Path.Combine(modelsDir, entry))
                    : throw new UsageException($"version '{entry}' needs a directory: --versions {entry}=DIR, or --models-dir DIR holding {entry}/");
                scorers.Add(OnnxVersionScorer.Load($"{model}@{name}", dir, catalog));
            }

            if (baseline is not null)
            {
                scorers.Add(new PopularityScorer(catalog));
            }

            return scorers;
        }
        catch (Exception ex) when (ex is FileNotFoundException or CatalogException or InvalidDataException or JsonException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            scorers.ForEach(s => s.Dispose());
            throw new CliException(ex.Message);
        }
        catch (UsageException)
        {
            scorers.ForEach(s => s.Dispose());
            throw;
        }
    }

    private static void Print(CliContext ctx, EvaluationReport report)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(report, RankerTrainer.ManifestJson));
            return;
        }

        ctx.Out.WriteLine($"{report.Cases} held-out cases from {report.Users} users since {Format.Time(report.TestFrom)}; each positive ranked among {report.Negatives} sampled negatives");
        var table = new Table("ranker", $"hr@{report.K}", "95% ci", $"ndcg@{report.K}", "95% ci", "auc", "95% ci");
        foreach (var r in report.Results)
        {
            table.Add(r.Name, Format.Mean(r.HitRate), Format.Interval(r.HitRate), Format.Mean(r.Ndcg), Format.Interval(r.Ndcg), Format.Mean(r.Auc), Format.Interval(r.Auc));
        }

        table.Write(ctx.Out);
        if (report.Differences.Count == 0)
        {
            return;
        }

        ctx.Out.WriteLine();
        var differences = new Table("paired difference", $"hr@{report.K}", "95% ci", $"ndcg@{report.K}", "95% ci", "auc", "95% ci");
        foreach (var d in report.Differences)
        {
            differences.Add($"{d.Name} - {d.Reference}", Format.SignedMean(d.HitRate), Format.Interval(d.HitRate), Format.SignedMean(d.Ndcg), Format.Interval(d.Ndcg),
                Format.SignedMean(d.Auc), Format.Interval(d.Auc));
        }

        differences.Write(ctx.Out);
        ctx.Out.WriteLine("an interval that excludes 0 is a difference unlikely to be noise");
    }
}
