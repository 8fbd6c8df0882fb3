using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>The retraining autopilot of a model: policy, status and runs (recsys.read); set the policy, start a run (recsys.admin).</summary>
internal static class RetrainingApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var retraining = v1.MapGroup("/models/{name}/retraining").WithTags("Retraining").ValidatesModelName();
        retraining.MapGet("", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetRetraining").WithSummary("The retraining policy, where it comes from, and the autopilot's status")
            .ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapPut("", PutAsync).RequireAuthorization(Roles.Admin)
            .WithName("SetRetraining").WithSummary("Set the retraining policy (it wins over the configured one)")
            .DescribesBody<RetrainingBody>().ProducesJsonBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapGet("/runs", RunsAsync).RequireAuthorization(Roles.Read)
            .WithName("RetrainingRuns").WithSummary("Retraining runs, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapPost("/runs", TriggerAsync).RequireAuthorization(Roles.Admin)
            .WithName("TriggerRetraining").WithSummary("Start a retraining run now")
            .DescribesBody<RetrainingTriggerBody>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<RetrainingView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await HasPlanAsync(name, grains)
            ? TypedResults.Ok(await grains.GetGrain<IRetrainingGrain>(name).GetAsync())
            : Problems.NoRolloutPlan(name);

    private static async Task<Results<Ok<RetrainingRun[]>, ProblemHttpResult>> RunsAsync(string name, IGrainFactory grains) =>
        await HasPlanAsync(name, grains)
            ? TypedResults.Ok(await grains.GetGrain<IRetrainingGrain>(name).ListRunsAsync())
            : Problems.NoRolloutPlan(name);

    private static async Task<Results<Ok<RetrainingView>, ProblemHttpResult>> PutAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (body, problem) = await ReadWithReasonAsync<RetrainingBody>(request, b => b.Reason);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IRetrainingGrain>(name).SetPolicyAsync(body!.ToPolicy(), body.Reason!, TokenMinter.Subject(user));
        return result.Outcome == RolloutOutcome.Ok ? TypedResults.Ok(result.View!) : Problems.For(result.Outcome, result.Error!, result.Field);
    }

    private static async Task<Results<Accepted<RetrainingRun>, ProblemHttpResult>> TriggerAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (body, problem) = await ReadWithReasonAsync<RetrainingTriggerBody>(request, b => b.Reason);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IRetrainingGrain>(name).TriggerAsync(body!.Reason!, TokenMinter.Subject(user));
        return result.Outcome == RolloutOutcome.Ok
            ? TypedResults.Accepted($"/v1/models/{name}/retraining/runs", result.Run!)
            : Problems.For(result.Outcome, result.Error!, result.Field);
    }

    /// <summary>Reads a body that must state a reason: the autopilot's audit trail records why each change was made.</summary>
    private static async Task<(TBody? Body, ProblemHttpResult? Problem)> ReadWithReasonAsync<TBody>(HttpRequest request, Func<TBody, string?> reason)
        where TBody : class
    {
        var (body, error) = await Problems.ReadAsync<TBody>(request);
        if (error is not null)
        {
            return (null, error);
        }

        return string.IsNullOrWhiteSpace(reason(body!)) ? (null, Problems.Bad("reason is required", "reason")) : (body, null);
    }

    /// <summary>Whether the model has a rollout plan: one that has none was never registered, and has no autopilot to show.</summary>
    private static async Task<bool> HasPlanAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync() is not null;
}
