namespace OrleansRecsys.Cli;

/// <summary>
/// When a model's current rollout plan took effect: the time of the oldest history entry at the plan's revision (later
/// entries at the same revision are notes that did not change the plan). Rows older than that were scored under
/// another split, often by versions that are gone; the training export starts there unless told otherwise.
/// </summary>
internal static class PlanRevisionTime
{
    /// <summary>The time and a sentence naming where it came from; the minimum time when the model has no plan yet.</summary>
    public static async Task<(DateTimeOffset Since, string Source)> ResolveAsync(CliContext ctx, string model)
    {
        var path = $"v1/models/{ApiClient.Segment(model)}/rollout";
        RolloutPlan plan;
        try
        {
            plan = ApiClient.Parse<RolloutPlan>(await ctx.Api.GetAsync(path, ctx.Cancellation));
        }
        catch (ApiException ex) when (ex.Status == 404)
        {
            return (DateTimeOffset.MinValue, $"model {model} has no rollout plan: exporting the whole log");
        }

        var changes = ApiClient.Parse<RolloutChange[]>(await ctx.Api.GetAsync($"{path}/history", ctx.Cancellation));
        var set = changes.Where(c => c.Revision == plan.Revision).OrderBy(c => c.When).FirstOrDefault()
            ?? throw new CliException($"model {model}'s rollout history has no entry for plan revision {plan.Revision}; pass --since");
        return (set.When, $"model {model}'s plan revision {plan.Revision}, {set.Action} at {set.When.UtcDateTime:O}");
    }
}
