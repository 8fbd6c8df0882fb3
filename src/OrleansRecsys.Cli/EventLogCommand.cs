using System.Globalization;
using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Cli;

/// <summary>
/// What the commands that read an interaction log offline (<c>backfill</c>, <c>evaluate</c>) share: their options checked,
/// the log's path, the feature catalogue (<c>--catalog</c>, or the nearest <c>silo-config/features.json</c> up from the
/// current directory), the log read off the calling thread, and ISO-8601 time options.
/// </summary>
internal static class EventLogCommand
{
    /// <summary>Refuses options other than <paramref name="logOption"/>, <c>--catalog</c> and <paramref name="options"/>,
    /// and positionals past the command; returns the log's path (required) and the catalogue.</summary>
    public static (string LogPath, FeatureCatalog Catalog) Begin(Args args, string logOption, params string[] options)
    {
        args.Allow([logOption, "catalog", .. options]);
        args.MaxPositionals(1);
        var logPath = args.Required(logOption);
        return (logPath, LoadCatalog(args));
    }

    /// <summary>The log's events in time order, read on the thread pool with progress reports.</summary>
    public static Task<EventHistory> ReadAsync(CliContext ctx, string logPath, IProgress<string> progress) =>
        Task.Run(() => EventHistory.ReadJsonl(logPath, progress), ctx.Cancellation);

    public static DateTimeOffset ParseTime(string option, string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new UsageException($"--{option} must be an ISO-8601 time (got '{text}')");

    /// <summary>--catalog, or the nearest silo-config/features.json up from the current directory.</summary>
    public static FeatureCatalog LoadCatalog(Args args)
    {
        var path = args.Option("catalog") ?? TrainCommand.FindCatalog(Directory.GetCurrentDirectory())
            ?? throw new CliException($"cannot find {TrainCommand.CatalogRelativePath} in the current directory or its parents; pass --catalog PATH");
        try
        {
            return FeatureCatalog.Load(path);
        }
        catch (Exception ex) when (ex is CatalogException or IOException or JsonException)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
    }
}
