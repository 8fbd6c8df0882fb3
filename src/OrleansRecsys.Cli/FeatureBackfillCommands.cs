using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary><c>features backfill start|status|list</c> over /v1/features/backfills: online backfills of new features.</summary>
internal static class FeatureBackfillCommands
{
    /// <summary>How often <c>features backfill start --wait</c> asks for progress.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

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

    private static async Task<int> StartAsync(CliContext ctx)
    {
        ctx.Args.Allow("version", "from", "to", "wait");
        ctx.Args.MaxPositionals(3);
        var version = ctx.Args.Has("version") ? ctx.Args.Int("version", 1, 1, int.MaxValue) : (int?)null;
        var body = new StartPost(version, Time(ctx, "from"), Time(ctx, "to"));
        var raw = await ctx.Api.PostJsonAsync("v1/features/backfills", body, ctx.Cancellation);
        var backfill = ApiClient.Parse<BackfillStatus>(raw);
        while (ctx.Args.Flag("wait") && backfill.State == BackfillState.Running)
        {
            ctx.Error.WriteLine($"{backfill.Id}: {backfill.EventsRead}/{backfill.EventsTotal} log records, {backfill.UserUpdates} user and {backfill.ItemUpdates} item updates");
            await Task.Delay(PollEvery, ctx.Cancellation);
            raw = await ctx.Api.GetAsync($"v1/features/backfills/{ApiClient.Segment(backfill.Id)}", ctx.Cancellation);
            backfill = ApiClient.Parse<BackfillStatus>(raw);
        }

        ctx.Render<BackfillStatus>(raw, done => Print(ctx.Out, done));
        return backfill.State == BackfillState.Failed ? 1 : 0;
    }

    private static async Task<int> StatusAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var id = ctx.Args.Positional(3, "BACKFILL_ID");
        ctx.Args.MaxPositionals(4);
        ctx.Render<BackfillStatus>(await ctx.Api.GetAsync($"v1/features/backfills/{ApiClient.Segment(id)}", ctx.Cancellation), b => Print(ctx.Out, b));
        return 0;
    }

    private static async Task<int> ListAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        ctx.Args.MaxPositionals(3);
        ctx.Render<BackfillStatus[]>(await ctx.Api.GetAsync("v1/features/backfills", ctx.Cancellation), all =>
        {
            var table = new Table("backfill", "state", "version", "records", "user updates", "item updates", "started", "finished");
            foreach (var b in all)
            {
                table.Add(b.Id, State(b.State), Number(b.Version), $"{Number(b.EventsRead)}/{Number(b.EventsTotal)}", Number(b.UserUpdates),
                    Number(b.ItemUpdates), Format.Time(b.StartedAt), b.FinishedAt is { } at ? Format.Time(at) : null);
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    private static void Print(TextWriter output, BackfillStatus b) => Table.KeyValues(output,
    [
        ("backfill", b.Id),
        ("state", b.Error is null ? State(b.State) : $"{State(b.State)} ({b.Error})"),
        ("version", Number(b.Version)),
        ("features", string.Join(", ", b.Features)),
        ("range", $"{(b.From is { } from ? Format.Time(from) : "log start")} .. {(b.To is { } to ? Format.Time(to) : "start of the backfill")}"),
        ("progress", $"{Number(b.EventsRead)}/{Number(b.EventsTotal)} log records, {Number(b.UserUpdates)} user and {Number(b.ItemUpdates)} item updates"),
        ("started", $"{Format.Time(b.StartedAt)} by {b.Who}"),
        ("finished", b.FinishedAt is { } at ? Format.Time(at) : "-"),
    ]);

    private static DateTimeOffset? Time(CliContext ctx, string option) =>
        ctx.Args.Option(option) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new UsageException($"--{option} takes an ISO-8601 time (got '{text}')");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string State(BackfillState state) => state.ToString().ToLowerInvariant();

    private sealed record StartPost(int? Version, DateTimeOffset? From, DateTimeOffset? To);
}
