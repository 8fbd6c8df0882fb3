namespace OrleansRecsys.Cli;

/// <summary><c>rollout get|set|promote|rollback|history MODEL</c> over /v1/models/{name}/rollout (and <c>rollout arms ...</c>, <see cref="RolloutArmsCommands"/>).</summary>
internal static class RolloutCommands
{
    private static readonly string[] GuardrailOptions = ["min-requests", "max-error-delta", "max-fallback-delta", "max-score-time-ratio", "max-score-time-delta-us"];

    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(1, "rollout command (get|set|promote|rollback|history|arms)");
        if (verb == "arms")
        {
            return RolloutArmsCommands.RunAsync(ctx);
        }

        var model = ctx.Args.Positional(2, "MODEL");
        ctx.Args.MaxPositionals(3);
        var path = $"v1/models/{ApiClient.Segment(model)}/rollout";
        return verb switch
        {
            "get" => GetAsync(ctx, path),
            "set" => SetAsync(ctx, path),
            "promote" or "rollback" => EndAsync(ctx, path, verb),
            "history" => HistoryAsync(ctx, path),
            _ => throw new UsageException($"unknown rollout command '{verb}'"),
        };
    }

    private static async Task<int> GetAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow();
        ctx.Render<RolloutPlan>(await ctx.Api.GetAsync(path, ctx.Cancellation), plan => PrintPlan(ctx.Out, plan));
        return 0;
    }

    private static async Task<int> SetAsync(CliContext ctx, string path)
    {
        var args = ctx.Args;
        args.Allow(["canary", "percent", "shadow", "reason", "revision", .. GuardrailOptions]);
        var canaryArg = args.Required("canary");
        var canary = canaryArg is "none" or "-" ? null : canaryArg;
        var percent = args.Decimal("percent", 0m, 100m) ?? (canary is null ? 0m : throw new UsageException("option --percent is required (0..100)"));
        var reason = args.Required("reason");
        var shadowArg = args.Option("shadow");
        var shadow = shadowArg is null ? null : shadowArg is "none" or "-" ? [] : args.List("shadow");
        var revision = args.Long("revision", 0);

        var wantsGuardrails = GuardrailOptions.Any(args.Has);
        RolloutPlan? current = null;
        if (revision is null || wantsGuardrails)
        {
            current = ApiClient.Parse<RolloutPlan>(await ctx.Api.GetAsync(path, ctx.Cancellation));
        }

        Guardrails? guardrails = null;
        if (wantsGuardrails)
        {
            var previous = current!.Guardrails ?? new Guardrails();
            guardrails = new Guardrails(
                args.Int("min-requests", previous.MinRequests, 1, int.MaxValue),
                args.Double("max-error-delta", 0, 1) ?? previous.MaxErrorRateDelta,
                args.Double("max-fallback-delta", 0, 1) ?? previous.MaxFallbackRateDelta,
                args.Double("max-score-time-ratio", 0, 1_000_000) ?? previous.MaxScoreTimeRatio,
                args.Double("max-score-time-delta-us", 0, 1_000_000_000) ?? previous.MaxScoreTimeDeltaUs);
        }

        var body = new RolloutPut(canary, percent, shadow, guardrails, revision ?? current!.Revision, reason);
        ctx.Render<RolloutPlan>(await ctx.Api.PutJsonAsync(path, body, ctx.Cancellation), plan => PrintPlan(ctx.Out, plan));
        return 0;
    }

    private static async Task<int> EndAsync(CliContext ctx, string path, string verb)
    {
        ctx.Args.Allow("reason", "revision");
        var reason = ctx.Args.Required("reason");
        var revision = await DecisionRevisionAsync(ctx, path, $"{verb}: canary");
        var body = new CanaryDecisionPost(revision, reason);
        ctx.Render<RolloutPlan>(await ctx.Api.PostJsonAsync($"{path}/{verb}", body, ctx.Cancellation), plan => PrintPlan(ctx.Out, plan));
        return 0;
    }

    /// <summary>
    /// The plan revision a decision (promote, roll back, remove an arm) applies to: <c>--revision</c>, or else the plan as it
    /// is now, whose arms are named on stderr after <paramref name="subject"/> so the operator sees what was decided on.
    /// </summary>
    public static async Task<long> DecisionRevisionAsync(CliContext ctx, string path, string subject)
    {
        if (ctx.Args.Long("revision", 0) is { } revision)
        {
            return revision;
        }

        var plan = ApiClient.Parse<RolloutPlan>(await ctx.Api.GetAsync(path, ctx.Cancellation));
        ctx.Error.WriteLine($"{subject} {Format.Canary(plan)} of revision {plan.Revision}");
        return plan.Revision;
    }

    private static async Task<int> HistoryAsync(CliContext ctx, string path)
    {
        ctx.Args.Allow();
        ctx.Render<RolloutChange[]>(await ctx.Api.GetAsync($"{path}/history", ctx.Cancellation), changes =>
        {
            var table = new Table("when", "who", "action", "rev", "stable", "canary", "why");
            foreach (var c in changes.OrderByDescending(c => c.Revision).ThenByDescending(c => c.When))
            {
                table.Add(Format.Time(c.When), c.Who, c.Action, c.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    c.After.Stable, Format.Canary(c.After), c.Why);
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    public static void PrintPlan(TextWriter output, RolloutPlan plan) => Table.KeyValues(output,
    [
        ("model", plan.Model),
        ("stable", plan.Stable),
        (RolloutArms.Count(plan) > 1 ? "arms" : "canary", Format.Canary(plan)),
        ("shadow", Format.Shadows(plan.Shadow)),
        ("guardrails", Format.Guardrails(plan.Guardrails)),
        ("revision", plan.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ]);

    /// <summary>The body of PUT /v1/models/{name}/rollout; a null canary is sent (it removes the canary).</summary>
    private sealed record RolloutPut(
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Canary, decimal CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long Revision, string Reason);

    private sealed record CanaryDecisionPost(long Revision, string Reason);
}
