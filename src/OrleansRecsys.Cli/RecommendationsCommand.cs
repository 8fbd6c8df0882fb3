namespace OrleansRecsys.Cli;

/// <summary><c>recommendations USER</c>: GET /v1/recommendations/{userId} and print where the answer came from.</summary>
internal static class RecommendationsCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        ctx.Args.Allow("k", "model", "max-age", "category");
        var user = ctx.Args.Positional(1, "USER");
        ctx.Args.MaxPositionals(2);
        var query = new List<string>();
        if (ctx.Args.Has("k"))
        {
            query.Add($"k={ctx.Args.Int("k", 10, 1, RequestLimits.MaxK)}");
        }

        if (ctx.Args.Option("model") is { } model)
        {
            query.Add($"model={Uri.EscapeDataString(model)}");
        }

        if (ctx.Args.Has("max-age"))
        {
            query.Add($"maxAgeSeconds={ctx.Args.Int("max-age", 1, 1, BatchRules.MaxAgeSecondsLimit)}");
        }

        if (ctx.Args.Option("category") is { } category)
        {
            query.Add($"category={Uri.EscapeDataString(category)}");
        }

        var path = $"v1/recommendations/{ApiClient.Segment(user)}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        ctx.Render<RecommendationsResponse>(await ctx.Api.GetAsync(path, ctx.Cancellation), r => Print(ctx.Out, r));
        return 0;
    }

    public static void Print(TextWriter output, RecommendationsResponse r)
    {
        var computed = r.ComputedAt is { } at ? $"  computed {Format.Time(at)} by {r.RunId}" : "";
        var fallback = r.Fallback ? $"  fallback ({r.FallbackReason ?? "unknown"})" : "";
        output.WriteLine($"{r.Source} ({r.Reason})  {r.Model}@{r.Version ?? "-"}{computed}{fallback}");
        Table.RankedItems(output, r.Items);
    }
}
