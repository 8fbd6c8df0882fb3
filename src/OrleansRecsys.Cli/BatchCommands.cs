using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary><c>batch run|status|list</c> over /v1/batch/runs.</summary>
internal static class BatchCommands
{
    /// <summary>How often <c>batch run --wait</c> asks for progress.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

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

    private static async Task<int> StartAsync(CliContext ctx)
    {
        ctx.Args.Allow("model", "k", "segment", "wait");
        ctx.Args.MaxPositionals(2);
        var k = ctx.Args.Has("k") ? ctx.Args.Int("k", 50, 1, RequestLimits.MaxK) : (int?)null;
        var body = new RunPost(ctx.Args.Option("model"), k, ctx.Args.Option("segment"));
        var raw = await ctx.Api.PostJsonAsync("v1/batch/runs", body, ctx.Cancellation);
        if (!ctx.Args.Flag("wait"))
        {
            ctx.Render<BatchRunStatus>(raw, run => Print(ctx.Out, run));
            return 0;
        }

        var run = ApiClient.Parse<BatchRunStatus>(raw);
        while (run.State == BatchRunState.Running)
        {
            ctx.Error.WriteLine($"{run.RunId}: {run.ShardsDone}/{run.ShardsTotal} work items, {run.UsersDone} users");
            await Task.Delay(PollEvery, ctx.Cancellation);
            raw = await ctx.Api.GetAsync($"v1/batch/runs/{ApiClient.Segment(run.RunId)}", ctx.Cancellation);
            run = ApiClient.Parse<BatchRunStatus>(raw);
        }

        ctx.Render<BatchRunStatus>(raw, done => Print(ctx.Out, done));
        return run.State == BatchRunState.Completed ? 0 : 1;
    }

    private static async Task<int> StatusAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var id = ctx.Args.Positional(2, "RUN_ID");
        ctx.Args.MaxPositionals(3);
        ctx.Render<BatchRunStatus>(await ctx.Api.GetAsync($"v1/batch/runs/{ApiClient.Segment(id)}", ctx.Cancellation), run => Print(ctx.Out, run));
        return 0;
    }

    private static async Task<int> ListAsync(CliContext ctx)
    {
        ctx.Args.Allow("model");
        ctx.Args.MaxPositionals(2);
        var query = ctx.Args.Option("model") is { } model ? $"?model={Uri.EscapeDataString(model)}" : "";
        ctx.Render<BatchRunStatus[]>(await ctx.Api.GetAsync($"v1/batch/runs{query}", ctx.Cancellation), runs =>
        {
            var table = new Table("run", "state", "version", "k", "segment", "items", "users", "failed", "started", "finished");
            foreach (var run in runs)
            {
                table.Add(run.RunId, State(run.State), run.Version, Number(run.K), run.Segment, $"{run.ShardsDone}/{run.ShardsTotal}",
                    Number(run.UsersDone), Number(run.UsersFailed), Format.Time(run.StartedAt), run.FinishedAt is { } at ? Format.Time(at) : null);
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    public static void Print(TextWriter output, BatchRunStatus run) => Table.KeyValues(output,
    [
        ("run", run.RunId),
        ("state", run.Error is null ? State(run.State) : $"{State(run.State)} ({run.Error})"),
        ("model", $"{run.Model}@{run.Version}"),
        ("k", Number(run.K)),
        ("segment", run.Segment),
        ("progress", $"{run.ShardsDone}/{run.ShardsTotal} work items, {Number(run.UsersDone)} users, {Number(run.UsersFailed)} failed"),
        ("started", $"{Format.Time(run.StartedAt)} by {run.Who}"),
        ("finished", run.FinishedAt is { } at ? Format.Time(at) : "-"),
    ]);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>As the API spells it.</summary>
    private static string State(BatchRunState state) => state.ToString().ToLowerInvariant();

    private sealed record RunPost(string? Model, int? K, string? Segment);
}
