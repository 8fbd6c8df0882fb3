using System.Globalization;
using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Kafka;
using OrleansRecsys.Training;
using OrleansRecsys.Training.Backfill;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>backfill (--events FILE | --kafka HOST:PORT [--topic T1,T2] [--from ISO] [--to ISO] [--kafka-config FILE]) --out FILE
/// [--features A,B | --manifest FILE]</c>: point-in-time training rows from an interaction log (a JSONL file or Kafka
/// topics), replayed in event-time order through the serving feature engine (see docs/learning-loop.md).
/// </summary>
internal static class BackfillCommand
{
    private static readonly string[] KafkaOptions = ["topic", "from", "to", "kafka-config"];

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var args = ctx.Args;
        args.Allow(["events", "kafka", .. KafkaOptions, "catalog",
            "out", "features", "manifest", "negatives", "negatives-per-positive", "window", "weights", "since", "until", "seed"]);
        args.MaxPositionals(1);
        var read = HistorySource(args);
        var output = args.Required("out");
        var catalog = EventLogCommand.LoadCatalog(args);
        var options = ParseOptions(args);
        var progress = new ProgressLine(ctx.Error);
        var reporter = new Progress(progress);
        var history = await Task.Run(() => read(reporter, ctx.Cancellation), ctx.Cancellation);
        reporter.Report($"{history.Events.Count} events in time order ({history.Rejected} lines refused by the parser)");
        BackfillSummary summary;
        using (var writer = new BackfillRowWriter(output, options.Features))
        {
            summary = await Task.Run(() => TrainingBackfill.Run(history, catalog, options, writer.Write, reporter), ctx.Cancellation);
        }

        progress.Update(reporter.Last, final: true);
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Rows} rows ({summary.Positives} positive) from {summary.Events} events in {summary.Elapsed.TotalSeconds:F1}s -> {Path.GetFullPath(output)}"));
        ctx.Out.WriteLine($"next: recsysctl train --data {output} --out DIR --version vN");
        return RecsysCtl.Ok;
    }

    /// <summary>The log to replay: <c>--events FILE</c>, or <c>--kafka</c> with its topics (default the interaction topic)
    /// and the range of event times to read (default all). Checked before anything is read.</summary>
    private static Func<IProgress<string>, CancellationToken, EventHistory> HistorySource(Args args)
    {
        var file = args.Option("events");
        var bootstrap = args.Option("kafka");
        if ((file is null) == (bootstrap is null))
        {
            throw new UsageException("give --events FILE or --kafka HOST:PORT, one of them");
        }

        if (file is not null)
        {
            return KafkaOptions.FirstOrDefault(args.Has) is { } kafkaOnly
                ? throw new UsageException($"--{kafkaOnly} goes with --kafka, not with --events")
                : (progress, _) => EventHistory.ReadJsonl(file, progress);
        }

        var topics = args.List("topic") ?? [Topics.Interactions];
        var fromMs = args.Option("from") is { } from ? EventLogCommand.ParseTime("from", from).ToUnixTimeMilliseconds() : long.MinValue;
        var toMs = args.Option("to") is { } to ? EventLogCommand.ParseTime("to", to).ToUnixTimeMilliseconds() : long.MaxValue;
        if (fromMs > toMs)
        {
            throw new UsageException("--from must not be later than --to");
        }

        var properties = args.Option("kafka-config") is { Length: > 0 } configFile ? KafkaConfigFile.Read(configFile) : null;
        var kafka = new KafkaClientConfigs(bootstrap!, properties);
        return (progress, ct) => EventHistory.ReadKafka(kafka, topics, fromMs, toMs, progress, ct);
    }

    private static BackfillOptions ParseOptions(Args args)
    {
        var negatives = args.Option("negatives") ?? "impressions";
        var source = negatives switch
        {
            "impressions" => NegativeSource.Impressions,
            "sampled" => NegativeSource.Sampled,
            _ => throw new UsageException($"--negatives must be impressions or sampled (got '{negatives}')"),
        };
        var window = args.Option("window") is { } w
            ? Durations.TryParse(w, out var d) ? d : throw new UsageException($"--window must be a duration such as 30m (got '{w}')")
            : (TimeSpan?)null;
        return new BackfillOptions(
            Features: FeatureList(args),
            Weights: args.Option("weights") is { } weights ? ParseWeights(weights) : BackfillOptions.DefaultWeights,
            Negatives: source,
            LabelWindow: window,
            NegativesPerPositive: args.Int("negatives-per-positive", 4, 1, 1000),
            Seed: args.Int("seed", 1, 0, int.MaxValue),
            FromMs: args.Option("since") is { } since ? EventLogCommand.ParseTime("since", since).ToUnixTimeMilliseconds() : long.MinValue,
            UntilMs: args.Option("until") is { } until ? EventLogCommand.ParseTime("until", until).ToUnixTimeMilliseconds() : long.MaxValue);
    }

    /// <summary>The features to write: a manifest's inputs (a model to retrain), a list, or the demo ranker's.</summary>
    private static string[] FeatureList(Args args)
    {
        if (args.Option("manifest") is { } manifestPath)
        {
            if (args.Has("features"))
            {
                throw new UsageException("give --features or --manifest, not both");
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
        }

        return args.List("features") ?? RankerTrainer.DefaultFeatures;
    }

    /// <summary><c>click=1,add_to_cart=2</c>: the positive event types and their row weights.</summary>
    internal static Dictionary<InteractionType, double> ParseWeights(string text)
    {
        var weights = new Dictionary<InteractionType, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || !EventParser.TryType(pair[0], out var type) ||
                !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight > 0) || double.IsInfinity(weight))
            {
                throw new UsageException($"--weights takes TYPE=WEIGHT pairs such as click=1,purchase=4 with a positive weight (got '{part}')");
            }

            weights[type] = weight;
        }

        return weights.Count > 0 ? weights : throw new UsageException("--weights names no event type");
    }

    /// <summary>Progress reports as one rewritten stderr line; the last one is kept to be written in full at the end.</summary>
    private sealed class Progress(ProgressLine line) : IProgress<string>
    {
        public string Last { get; private set; } = "";

        public void Report(string value)
        {
            Last = value;
            line.Update(value, final: false);
        }
    }
}
