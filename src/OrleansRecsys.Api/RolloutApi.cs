using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Canary rollout endpoints: plan and history (recsys.read); set, promote, rollback (recsys.admin).</summary>
internal static class RolloutApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var rollout = v1.MapGroup("/models/{name}/rollout").WithTags("Rollout");
        rollout.MapGet("", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetRollout").WithSummary("The rollout plan")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        rollout.MapPut("", PutAsync).RequireAuthorization(Roles.Admin)
            .WithName("SetRollout").WithSummary("Set canary, percent, shadows, guardrails")
            .DescribesBody<RolloutBody>().ProducesPlanChangeProblems();
        rollout.MapPost("/promote", PromoteAsync).RequireAuthorization(Roles.Admin)
            .WithName("PromoteCanary").WithSummary("The canary becomes stable")
            .DescribesBody<CanaryDecisionBody>().ProducesPlanChangeProblems();
        rollout.MapPost("/rollback", RollbackAsync).RequireAuthorization(Roles.Admin)
            .WithName("RollbackCanary").WithSummary("The canary is removed")
            .DescribesBody<CanaryDecisionBody>().ProducesPlanChangeProblems();
        rollout.MapGet("/history", HistoryAsync).RequireAuthorization(Roles.Read)
            .WithName("RolloutHistory").WithSummary("Changes, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>A plan change reads a JSON body and can meet every outcome of <see cref="RolloutOutcome"/>.</summary>
    private static RouteHandlerBuilder ProducesPlanChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync();
        return plan is null ? Problems.NotFound($"model '{name}' has no rollout plan") : TypedResults.Ok(plan);
    }

    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> PutAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var (body, error) = await Problems.ReadAsync<RolloutBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (RequiredFieldsProblem(body!) is { } missing)
        {
            return missing;
        }

        var update = new RolloutUpdate(body!.Canary, body.CanaryPercent ?? 0, body.Shadow, body.Guardrails, body.Revision!.Value, body.Reason!);
        return ToPlanOrProblem(await grains.GetGrain<IRolloutCoordinatorGrain>(name).UpdateAsync(update, TokenMinter.Subject(user)));
    }

    private static ProblemHttpResult? RequiredFieldsProblem(RolloutBody body)
    {
        if (body.Revision is null)
        {
            return Problems.Bad("revision is required (the revision you read)", "revision");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        return body.Canary is not null && ModelValidator.ValidateName(body.Canary, "canary") is { } badCanary
            ? Problems.Bad(badCanary, "canary")
            : null;
    }

    private static Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> PromoteAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        EndCanaryAsync(name, request, grains, user, (coordinator, revision, reason, who) => coordinator.PromoteAsync(revision, reason, who));

    private static Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> RollbackAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        EndCanaryAsync(name, request, grains, user, (coordinator, revision, reason, who) => coordinator.RollbackAsync(revision, reason, who));

    /// <summary>Promote and rollback differ only in the coordinator call: both end the canary of a named plan revision, for a stated reason.</summary>
    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> EndCanaryAsync(
        string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user,
        Func<IRolloutCoordinatorGrain, long, string, string, Task<RolloutResult>> end)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var (body, error) = await Problems.ReadAsync<CanaryDecisionBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Revision is not { } revision)
        {
            return Problems.Bad("revision is required (the revision of the plan you decided on)", "revision");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        return ToPlanOrProblem(await end(grains.GetGrain<IRolloutCoordinatorGrain>(name), revision, body.Reason, TokenMinter.Subject(user)));
    }

    private static async Task<Results<Ok<RolloutChange[]>, ProblemHttpResult>> HistoryAsync(string name, IGrainFactory grains)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        return TypedResults.Ok(await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetHistoryAsync());
    }

    private static Results<Ok<RolloutPlan>, ProblemHttpResult> ToPlanOrProblem(RolloutResult result) => result.Outcome switch
    {
        RolloutOutcome.Ok => TypedResults.Ok(result.Plan!),
        RolloutOutcome.BadRequest => Problems.Bad(result.Error!),
        RolloutOutcome.Conflict => Problems.Conflict(result.Error!),
        RolloutOutcome.NotFound => Problems.NotFound(result.Error!),
        _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Unprocessable", result.Error!),
    };
}
