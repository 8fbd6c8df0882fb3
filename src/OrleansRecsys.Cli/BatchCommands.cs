namespace OrleansRecsys.Cli;

/// <summary><c>batch run|status|list</c> over /v1/batch/runs.</summary>
internal static class BatchCommands
{
    private static readonly PolledJob<BatchRunStatus> Runs = new("v1/batch/runs", run => run.RunId, run => run.State == BatchRunState.Running,
        run => $"{run.RunId}: {run.ShardsDone}/{run.ShardsTotal} work items, {run.UsersDone} users", Print);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(1, "batch command (run|status|list)");
        return verb switch
        {
            "run" => StartAsync(ctx),
            "status" => StatusAsync(ctx),
            "list" => ListAsync(ctx),
            _ => throw new UsageException($"unknown batch command '{verb}'"),
        };
    }

    /// <summary>Without --wait the run has just started, so the exit code says only that it did; with --wait it says
    /// whether the run completed.</summary>
    private static async Task<int> StartAsync(CliContext ctx)
    {
        ctx.Args.Allow("model", "k", "segment", "wait");
        ctx.Args.MaxPositionals(2);
        var k = ctx.Args.Has("k") ? ctx.Args.Int("k", 50, 1, RequestLimits.MaxK) : (int?)null;
        var wait = ctx.Args.Flag("wait");
        var run = await Runs.StartAsync(ctx, new RunPost(ctx.Args.Option("model"), k, ctx.Args.Option("segment")), wait);
        return wait && run.State != BatchRunState.Completed ? RecsysCtl.Failed : RecsysCtl.Ok;
    }

    private static async Task<int> StatusAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var id = ctx.Args.Positional(2, "RUN_ID");
        ctx.Args.MaxPositionals(3);
        await Runs.ShowAsync(ctx, id);
        return RecsysCtl.Ok;
    }

    private static async Task<int> ListAsync(CliContext ctx)
    {
        ctx.Args.Allow("model");
        ctx.Args.MaxPositionals(2);
        var query = ctx.Args.Option("model") is { } model ? $"?model={Uri.EscapeDataString(model)}" : "";
        await Runs.ListAsync(ctx, query, ["run", "state", "version", "k", "segment", "items", "users", "failed", "started", "finished"], run =>
            [run.RunId, Format.State(run.State), run.Version, Format.Integer(run.K), run.Segment, $"{run.ShardsDone}/{run.ShardsTotal}",
                Format.Integer(run.UsersDone), Format.Integer(run.UsersFailed), Format.Time(run.StartedAt), run.FinishedAt is { } at ? Format.Time(at) : null]);
        return RecsysCtl.Ok;
    }

    private static void Print(TextWriter output, BatchRunStatus run) => Table.KeyValues(output,
    [
        ("run", run.RunId),
        ("state", run.Error is null ? Format.State(run.State) : $"{Format.State(run.State)} ({run.Error})"),
        ("model", $"{run.Model}@{run.Version}"),
        ("k", Format.Integer(run.K)),
        ("segment", run.Segment),
        ("progress", $"{run.ShardsDone}/{run.ShardsTotal} work items, {Format.Integer(run.UsersDone)} users, {Format.Integer(run.UsersFailed)} failed"),
        ("started", $"{Format.Time(run.StartedAt)} by {run.Who}"),
        ("finished", run.FinishedAt is { } at ? Format.Time(at) : "-"),
    ]);

    private sealed record RunPost(string? Model, int? K, string? Segment);
}
