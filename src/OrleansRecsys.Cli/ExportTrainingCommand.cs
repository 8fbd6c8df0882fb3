using System.Globalization;
using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>export-training --kafka HOST:PORT --out data.jsonl [--since ISO] [--window 30m] [--model M] [--users U1,U2] [--include-pinned] [--kafka-config FILE]</c>:
/// logged vectors joined with attributed outcomes, as <c>train --data</c> reads them. A secured cluster's settings come
/// from <c>--kafka-config</c> (default <c>$RECSYS_KAFKA_CONFIG</c>).
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
        var since = args.Option("since") is { } s
            ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t : throw new UsageException($"--since must be an ISO-8601 time (got '{s}')")
            : DateTimeOffset.MinValue;
        var window = args.Option("window") is { } w
            ? Durations.TryParse(w, out var d) ? d : throw new UsageException($"--window must be a duration such as 30m (got '{w}')")
            : TimeSpan.FromMinutes(30);
        var properties = (args.Option("kafka-config") ?? Environment.GetEnvironmentVariable("RECSYS_KAFKA_CONFIG")) is { Length: > 0 } file
            ? KafkaConfigFile.Read(file)
            : null;
        var summary = await TrainingDataExporter.ExportAsync(
            new TrainingDataExporter.Options(kafka, since, window, output, args.Option("model"), properties,
                args.List("users") is { } users ? new HashSet<string>(users, StringComparer.Ordinal) : null, args.Flag("include-pinned")),
            new StderrProgress(ctx.Error), ctx.Cancellation);
        ctx.Out.WriteLine($"{summary.Rows} rows ({summary.Positives} positive) from {summary.Predictions} predictions -> {Path.GetFullPath(output)}");
        ctx.Out.WriteLine($"next: recsysctl train --data {output} --out DIR --version vN");
        return 0;
    }
}
