namespace OrleansRecsys.Cli;

/// <summary><c>rank USER ITEM... [--explain]</c>: POST /v1/rank and print the served model, variant, fallback and scores, and with
/// <c>--explain</c> each item's feature contributions.</summary>
internal static class RankCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        ctx.Args.Allow("k", "model", "explain");
        var user = ctx.Args.Positional(1, "USER");
        var candidates = ctx.Args.Positionals.Skip(2).ToArray();
        if (candidates.Length == 0)
        {
            throw new UsageException("rank needs at least one candidate item id");
        }

        var k = ctx.Args.Has("k") ? ctx.Args.Int("k", 10, 1, 200) : (int?)null;
        var body = new RankPost(user, candidates, k, ctx.Args.Option("model"), ctx.Args.Flag("explain") ? true : null);
        ctx.Render<RankResponse>(await ctx.Api.PostJsonAsync("v1/rank", body, ctx.Cancellation), r => Print(ctx.Out, r));
        return 0;
    }

    public static void Print(TextWriter output, RankResponse r)
    {
        var fallback = r.Fallback ? $"yes ({r.FallbackReason ?? "unknown"})" : "no";
        output.WriteLine($"{r.Model}@{r.Version ?? "-"}  variant {r.Variant}  fallback {fallback}  request {r.RequestId}  as of {Format.Time(r.AsOf)}");
        Table.RankedItems(output, r.Items);
        PrintContributions(output, r);
    }

    /// <summary>One row per reported feature of each item, as the grid ordered them (largest effect first).</summary>
    private static void PrintContributions(TextWriter output, RankResponse r)
    {
        var table = new Table("itemId", "feature", "value", "reference", "contribution");
        foreach (var item in r.Items)
        {
            foreach (var c in item.Contributions ?? [])
            {
                table.Add(item.ItemId, c.Feature, Format.Number(c.Value), Format.Number(c.Reference), Format.Score(c.Contribution));
            }
        }

        if (r.Items.Any(i => i.Contributions is not null))
        {
            output.WriteLine();
            output.WriteLine("contributions: score minus the score with the feature at its training median");
            table.Write(output);
        }
    }

    /// <summary>The body; <see cref="Explain"/> is null unless asked for, so a plain rank sends no <c>explain</c> field.</summary>
    private sealed record RankPost(string UserId, string[] Candidates, int? K, string? Model, bool? Explain);
}
