using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary><c>features backfill start|status|list</c> over /v1/features/backfills: online backfills of new features.</summary>
internal static class FeatureBackfillCommands
{
    private static readonly PolledJob<BackfillStatus> Backfills = new("v1/features/backfills", b => b.Id, b => b.State == BackfillState.Running,
        b => $"{b.Id}: {b.EventsRead}/{b.EventsTotal} log records, {b.UserUpdates} user and {b.ItemUpdates} item updates", Print);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(2, "backfill command (start|status|list)");
        return verb switch
        {
            "start" => StartAsync(ctx),
            "status" => StatusAsync(ctx),
            "list" => ListAsync(ctx),
            _ => throw new UsageException($"unknown backfill command '{verb}'"),
        };
    }

    /// <summary>A backfill that failed exits 1, whether it failed at once or while --wait followed it.</summary>
    private static async Task<int> StartAsync(CliContext ctx)
    {
        ctx.Args.Allow("version", "from", "to", "wait");
        ctx.Args.MaxPositionals(3);
        var version = ctx.Args.Has("version") ? ctx.Args.Int("version", 1, 1, int.MaxValue) : (int?)null;
        var backfill = await Backfills.StartAsync(ctx, new StartPost(version, Time(ctx, "from"), Time(ctx, "to")), ctx.Args.Flag("wait"));
        return backfill.State == BackfillState.Failed ? RecsysCtl.Failed : RecsysCtl.Ok;
    }

    private static async Task<int> StatusAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var id = ctx.Args.Positional(3, "BACKFILL_ID");
        ctx.Args.MaxPositionals(4);
        await Backfills.ShowAsync(ctx, id);
        return RecsysCtl.Ok;
    }

    private static async Task<int> ListAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        ctx.Args.MaxPositionals(3);
        await Backfills.ListAsync(ctx, "", ["backfill", "state", "version", "records", "user updates", "item updates", "started", "finished"], b =>
            [b.Id, Format.State(b.State), Format.Integer(b.Version), $"{Format.Integer(b.EventsRead)}/{Format.Integer(b.EventsTotal)}", Format.Integer(b.UserUpdates),
                Format.Integer(b.ItemUpdates), Format.Time(b.StartedAt), b.FinishedAt is { } at ? Format.Time(at) : null]);
        return RecsysCtl.Ok;
    }

    private static void Print(TextWriter output, BackfillStatus b) => Table.KeyValues(output,
    [
        ("backfill", b.Id),
        ("state", b.Error is null ? Format.State(b.State) : $"{Format.State(b.State)} ({b.Error})"),
        ("version", Format.Integer(b.Version)),
        ("features", string.Join(", ", b.Features)),
        ("range", $"{(b.From is { } from ? Format.Time(from) : "log start")} .. {(b.To is { } to ? Format.Time(to) : "start of the backfill")}"),
        ("progress", $"{Format.Integer(b.EventsRead)}/{Format.Integer(b.EventsTotal)} log records, {Format.Integer(b.UserUpdates)} user and {Format.Integer(b.ItemUpdates)} item updates"),
        ("started", $"{Format.Time(b.StartedAt)} by {b.Who}"),
        ("finished", b.FinishedAt is { } at ? Format.Time(at) : "-"),
    ]);

    private static DateTimeOffset? Time(CliContext ctx, string option) =>
        ctx.Args.Option(option) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new UsageException($"--{option} takes an ISO-8601 time (got '{text}')");

    private sealed record StartPost(int? Version, DateTimeOffset? From, DateTimeOffset? To);
}
