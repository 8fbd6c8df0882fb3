using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>export-training --kafka HOST:PORT --out data.jsonl [--since ISO] [--window 30m] [--model M] [--users U1,U2] [--include-pinned] [--kafka-config FILE]</c>:
/// logged vectors joined with attributed outcomes, as <c>train --data</c> reads them. Without <c>--since</c> the export starts
/// when the model's current rollout plan took effect (read from the grid; <c>--model</c>, default the default model), so
/// rows scored under an earlier split are left out; the output says which time was used. A secured cluster's settings
/// come from <c>--kafka-config</c> (default <c>$RECSYS_KAFKA_CONFIG</c>).
/// </summary>
internal static class ExportTrainingCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        var args = ctx.Args;
        args.Allow("kafka", "out", "since", "window", "model", "kafka-config", "users", "include-pinned");
        args.MaxPositionals(1);
        var kafka = args.Option("kafka") ?? Environment.GetEnvironmentVariable("RECSYS__KAFKA__BOOTSTRAPSERVERS")
            ?? throw new UsageException("--kafka HOST:PORT is required (the grid's bootstrap servers)");
        var output = args.Required("out");
        var givenSince = args.Option("since") is { } s ? EventLogCommand.ParseTime("since", s) : (DateTimeOffset?)null;
        var window = args.Option("window") is { } w
            ? Durations.TryParse(w, out var d) ? d : throw new UsageException($"--window must be a duration such as 30m (got '{w}')")
            : TimeSpan.FromMinutes(30);
        var properties = (args.Option("kafka-config") ?? Environment.GetEnvironmentVariable("RECSYS_KAFKA_CONFIG")) is { Length: > 0 } file
            ? KafkaConfigFile.Read(file)
            : null;

        // Options are all checked before the grid is asked for the plan: a usage error never waits on the network.
        var (since, sinceSource) = givenSince is { } given
            ? (given, "--since")
            : await PlanRevisionTime.ResolveAsync(ctx, args.Option("model") ?? ModelNames.Default);
        ctx.Out.WriteLine(since == DateTimeOffset.MinValue
            ? $"since: the beginning of the log ({sinceSource})"
            : $"since: {since.UtcDateTime:O} ({sinceSource})");
        var summary = await TrainingDataExporter.ExportAsync(
            new TrainingDataExporter.Options(kafka, since, window, output, args.Option("model"), properties,
                args.List("users") is { } users ? new HashSet<string>(users, StringComparer.Ordinal) : null, args.Flag("include-pinned")),
            new StderrProgress(ctx.Error), ctx.Cancellation);
        ctx.Out.WriteLine($"{summary.Rows} rows ({summary.Positives} positive) from {summary.Predictions} predictions -> {Path.GetFullPath(output)}");
        ctx.Out.WriteLine($"next: recsysctl train --data {output} --out DIR --version vN");
        return 0;
    }
}
