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
        var retraining = v1.MapGroup("/models/{name}/retraining").WithTags("Retraining");
        retraining.MapGet("", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetRetraining").WithSummary("The retraining policy, where it comes from, and the autopilot's status")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapPut("", PutAsync).RequireAuthorization(Roles.Admin)
            .WithName("SetRetraining").WithSummary("Set the retraining policy (it wins over the configured one)")
            .DescribesBody<RetrainingBody>().ProducesJsonBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapGet("/runs", RunsAsync).RequireAuthorization(Roles.Read)
            .WithName("RetrainingRuns").WithSummary("Retraining runs, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        retraining.MapPost("/runs", TriggerAsync).RequireAuthorization(Roles.Admin)
            .WithName("TriggerRetraining").WithSummary("Start a retraining run now")
            .DescribesBody<RetrainingTriggerBody>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<RetrainingView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        if (await UnknownModelAsync(name, grains) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IRetrainingGrain>(name).GetAsync());
    }

    private static async Task<Results<Ok<RetrainingRun[]>, ProblemHttpResult>> RunsAsync(string name, IGrainFactory grains)
    {
        if (await UnknownModelAsync(name, grains) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IRetrainingGrain>(name).ListRunsAsync());
    }

    private static async Task<Results<Ok<RetrainingView>, ProblemHttpResult>> PutAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var (body, error) = await Problems.ReadAsync<RetrainingBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        var result = await grains.GetGrain<IRetrainingGrain>(name).SetPolicyAsync(body.ToPolicy(), body.Reason, TokenMinter.Subject(user));
        return result.Outcome switch
        {
            RolloutOutcome.Ok => TypedResults.Ok(result.View!),
            RolloutOutcome.BadRequest => Problems.Bad(result.Error!, result.Field),
            _ => Problems.NotFound(result.Error!),
        };
    }

    private static async Task<Results<Accepted<RetrainingRun>, ProblemHttpResult>> TriggerAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var (body, error) = await Problems.ReadAsync<RetrainingTriggerBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        var result = await grains.GetGrain<IRetrainingGrain>(name).TriggerAsync(body.Reason, TokenMinter.Subject(user));
        return result.Outcome switch
        {
            RolloutOutcome.Ok => TypedResults.Accepted($"/v1/models/{name}/retraining/runs", result.Run!),
            RolloutOutcome.Conflict => Problems.Conflict(result.Error!),
            RolloutOutcome.NotFound => Problems.NotFound(result.Error!),
            _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Unprocessable", result.Error!),
        };
    }

    /// <summary>A 400 for a malformed name, a 404 for a model without a rollout plan (never registered), else null.</summary>
    private static async Task<ProblemHttpResult?> UnknownModelAsync(string name, IGrainFactory grains)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        return await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync() is null ? Problems.NotFound($"model '{name}' has no rollout plan") : null;
    }
}
