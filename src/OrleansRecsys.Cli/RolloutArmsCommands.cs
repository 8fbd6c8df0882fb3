using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>rollout arms set|promote|remove MODEL ...</c>: a multi-arm experiment over /v1/models/{name}/rollout. Weights are
/// basis points (<c>v2=2000</c>) or percent (<c>v2=20%</c>); arms own consecutive bucket ranges in the order given.
/// </summary>
internal static class RolloutArmsCommands
{
    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(2, "rollout arms command (set|promote|remove)");
        var model = ctx.Args.Positional(3, "MODEL");
        var path = $"v1/models/{ApiClient.Segment(model)}/rollout";
        return verb switch
        {
            "set" => SetAsync(ctx, path),
            "promote" or "remove" => DecideAsync(ctx, path, verb),
            _ => throw new UsageException($"unknown rollout arms command '{verb}'"),
        };
    }

    private static async Task<int> SetAsync(CliContext ctx, string path)
    {
        var args = ctx.Args;
        args.Allow("reason", "revision", "shadow");
        var reason = args.Required("reason");
        var arms = ParseArms(args.Positionals.Skip(4).ToArray());
        var shadowArg = args.Option("shadow");
        var shadow = shadowArg is null ? null : shadowArg is "none" or "-" ? [] : args.List("shadow");
        var revision = args.Long("revision", 0) ?? ApiClient.Parse<RolloutPlan>(await ctx.Api.GetAsync(path, ctx.Cancellation)).Revision;
        var body = new ArmsPut(arms, shadow, revision, reason);
        ctx.Render<RolloutPlan>(await ctx.Api.PutJsonAsync(path, body, ctx.Cancellation), plan => RolloutCommands.PrintPlan(ctx.Out, plan));
        return 0;
    }

    /// <summary>Promote makes the arm stable and ends the others; remove ends the arm alone.</summary>
    private static async Task<int> DecideAsync(CliContext ctx, string path, string verb)
    {
        ctx.Args.Allow("reason", "revision");
        var version = ctx.Args.Positional(4, "VERSION");
        ctx.Args.MaxPositionals(5);
        var reason = ctx.Args.Required("reason");
        var revision = await RolloutCommands.DecisionRevisionAsync(ctx, path, $"{verb} {version}: arms");
        var body = new ArmDecisionPost(revision, reason, version);
        ctx.Render<RolloutPlan>(await ctx.Api.PostJsonAsync($"{path}/{verb}", body, ctx.Cancellation), plan => RolloutCommands.PrintPlan(ctx.Out, plan));
        return 0;
    }

    /// <summary>VERSION=WEIGHT pairs in bucket order; a lone <c>none</c> ends the experiment.</summary>
    public static ArmPut[] ParseArms(string[] specs)
    {
        if (specs is ["none"] or ["-"])
        {
            return [];
        }

        if (specs.Length == 0)
        {
            throw new UsageException("arms are missing: VERSION=WEIGHT ... (basis points, or percent with %), or none");
        }

        return specs.Select(ParseArm).ToArray();
    }

    private static ArmPut ParseArm(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"arm '{spec}' must be VERSION=WEIGHT (basis points, e.g. v2=2000, or percent, e.g. v2=20%)");
        }

        var version = spec[..equals];
        var weight = spec[(equals + 1)..];
        if (weight.EndsWith('%'))
        {
            return decimal.TryParse(weight[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var percent)
                && percent is >= 0 and <= 100 && decimal.Round(percent, 2) == percent
                ? new ArmPut(version, (int)(percent * 100))
                : throw new UsageException($"arm '{spec}': the percent must be 0..100 with at most two decimals");
        }

        return int.TryParse(weight, NumberStyles.Integer, CultureInfo.InvariantCulture, out var points)
            ? new ArmPut(version, points)
            : throw new UsageException($"arm '{spec}': the weight must be whole basis points (or percent with %)");
    }

    /// <summary>One arm of the PUT body.</summary>
    public sealed record ArmPut(string Version, int Weight);

    /// <summary>The body of PUT /v1/models/{name}/rollout with arms (no canary fields: the canary is arms[0]).</summary>
    private sealed record ArmsPut(ArmPut[] Arms, string[]? Shadow, long Revision, string Reason);

    private sealed record ArmDecisionPost(long Revision, string Reason, string Version);
}
