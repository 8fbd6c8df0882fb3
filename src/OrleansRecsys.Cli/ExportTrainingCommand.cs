using System.Globalization;
using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>export-training --kafka HOST:PORT --out data.jsonl [--since ISO] [--window 30m] [--model M]</c>: logged vectors
/// joined with attributed outcomes, as <c>train --data</c> reads them.
/// </summary>
internal static class ExportTrainingCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        var args = ctx.Args;
        args.Allow("kafka", "out", "since", "window", "model");
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
        var summary = await TrainingDataExporter.ExportAsync(
            new TrainingDataExporter.Options(kafka, since, window, output, args.Option("model")), new StderrProgress(ctx.Error), ctx.Cancellation);
        ctx.Out.WriteLine($"{summary.Rows} rows ({summary.Positives} positive) from {summary.Predictions} predictions -> {Path.GetFullPath(output)}");
        ctx.Out.WriteLine($"next: recsysctl train --data {output} --out DIR --version vN");
        return 0;
    }
}
