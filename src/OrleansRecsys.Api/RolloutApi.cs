using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Rollout endpoints: plan and history (recsys.read); set the canary or the arms, promote, roll back, remove an arm (recsys.admin).</summary>
internal static class RolloutApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var rollout = v1.MapGroup("/models/{name}/rollout").WithTags("Rollout").ValidatesModelName();
        rollout.MapGet("", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetRollout").WithSummary("The rollout plan")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rollout.MapPut("", PutAsync).RequireAuthorization(Roles.Admin)
            .WithName("SetRollout").WithSummary("Set the canary and its percent, or the arms and their weights; shadows, guardrails")
            .DescribesBody<RolloutBody>().ProducesPlanChangeProblems();
        rollout.MapPost("/promote", PromoteAsync).RequireAuthorization(Roles.Admin)
            .WithName("PromoteCanary").WithSummary("The canary, or the named arm, becomes stable; every other arm ends")
            .DescribesBody<CanaryDecisionBody>().ProducesPlanChangeProblems();
        rollout.MapPost("/rollback", RollbackAsync).RequireAuthorization(Roles.Admin)
            .WithName("RollbackCanary").WithSummary("The canary, or every arm, is removed")
            .DescribesBody<CanaryDecisionBody>().ProducesPlanChangeProblems();
        rollout.MapPost("/remove", RemoveArmAsync).RequireAuthorization(Roles.Admin)
            .WithName("RemoveArm").WithSummary("The named arm is removed; the others keep their weights")
            .DescribesBody<CanaryDecisionBody>().ProducesPlanChangeProblems();
        rollout.MapGet("/history", HistoryAsync).RequireAuthorization(Roles.Read)
            .WithName("RolloutHistory").WithSummary("Changes, newest first");
    }

    /// <summary>A plan change reads a JSON body and can meet every outcome of <see cref="RolloutOutcome"/>.</summary>
    private static RouteHandlerBuilder ProducesPlanChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync();
        return plan is null ? Problems.NoRolloutPlan(name) : TypedResults.Ok(plan);
    }

    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> PutAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (body, error) = await Problems.ReadAsync<RolloutBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (RequiredFieldsProblem(body!) is { } missing)
        {
            return missing;
        }

        if (body!.Arms is null)
        {
            var update = new RolloutUpdate(body.Canary, body.CanaryPercent ?? 0, body.Shadow, body.Guardrails, body.Revision!.Value, body.Reason!);
            return ToPlanOrProblem(await grains.GetGrain<IRolloutCoordinatorGrain>(name).UpdateAsync(update, TokenMinter.Subject(user)));
        }

        var (arms, armsProblem) = ArmsOf(body);
        return armsProblem ?? ToPlanOrProblem(await grains.GetGrain<IRolloutCoordinatorGrain>(name).SetArmsAsync(
            new RolloutArmsUpdate(arms!, body.Shadow, body.Guardrails, body.Revision!.Value, body.Reason!), TokenMinter.Subject(user)));
    }

    /// <summary>
    /// The arms of a body that sends them: alone (the canary fields describe arm 0, so sending both would be ambiguous),
    /// each with a version and a weight, and of the shape <see cref="RolloutArms.Validate"/> accepts. A problem names the field.
    /// </summary>
    private static (RolloutArm[]? Arms, ProblemHttpResult? Problem) ArmsOf(RolloutBody body)
    {
        if (body.Canary is not null)
        {
            return (null, Problems.Bad("send either canary and canaryPercent or arms, not both: the canary is arms[0]", "canary"));
        }

        if (body.CanaryPercent is not null)
        {
            return (null, Problems.Bad("send either canary and canaryPercent or arms, not both: arms[0].weight is the canary's share in basis points", "canaryPercent"));
        }

        var arms = new RolloutArm[body.Arms!.Length];
        for (var i = 0; i < arms.Length; i++)
        {
            if (body.Arms[i] is not { Version: not null, Weight: { } weight } arm)
            {
                var field = body.Arms[i] is null ? $"arms[{i}]" : body.Arms[i]!.Version is null ? $"arms[{i}].version" : $"arms[{i}].weight";
                return (null, Problems.Bad($"{field} is required (each arm is a version and a weight in basis points, 0..{RolloutArms.TotalWeight})", field));
            }

            arms[i] = new RolloutArm(arm.Version, weight);
        }

        return RolloutArms.Validate(arms) is { } bad ? (null, Problems.Bad(bad.Message, bad.Field)) : (arms, null);
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
        DecideAsync(name, request, grains, user, Versioned.Optional, (coordinator, decision, who) => decision.Version is { } version
            ? coordinator.PromoteArmAsync(decision.Revision!.Value, version, decision.Reason!, who)
            : coordinator.PromoteAsync(decision.Revision!.Value, decision.Reason!, who));

    private static Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> RollbackAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        DecideAsync(name, request, grains, user, Versioned.Refused,
            (coordinator, decision, who) => coordinator.RollbackAsync(decision.Revision!.Value, decision.Reason!, who));

    private static Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> RemoveArmAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        DecideAsync(name, request, grains, user, Versioned.Required,
            (coordinator, decision, who) => coordinator.RemoveArmAsync(decision.Revision!.Value, decision.Version!, decision.Reason!, who));

    /// <summary>Whether a decision takes an arm's version: promote may name one, remove must, rollback (every arm) must not.</summary>
    private enum Versioned
    {
        Optional,
        Required,
        Refused,
    }

    /// <summary>Promote, rollback and remove differ only in the coordinator call and the version they take: each decides on a named plan revision, for a stated reason.</summary>
    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> DecideAsync(
        string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, Versioned versioned,
        Func<IRolloutCoordinatorGrain, CanaryDecisionBody, string, Task<RolloutResult>> decide)
    {
        var (body, error) = await Problems.ReadAsync<CanaryDecisionBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (DecisionProblem(body!, versioned) is { } problem)
        {
            return problem;
        }

        return ToPlanOrProblem(await decide(grains.GetGrain<IRolloutCoordinatorGrain>(name), body!, TokenMinter.Subject(user)));
    }

    private static ProblemHttpResult? DecisionProblem(CanaryDecisionBody body, Versioned versioned)
    {
        if (body.Revision is null)
        {
            return Problems.Bad("revision is required (the revision of the plan you decided on)", "revision");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        return (versioned, body.Version) switch
        {
            (Versioned.Required, null) => Problems.Bad("version is required (the arm to remove)", "version"),
            (Versioned.Refused, not null) => Problems.Bad("rollback ends every arm and takes no version; remove one arm with POST .../rollout/remove", "version"),
            (_, { } version) when ModelValidator.ValidateName(version, "version") is { } badVersion => Problems.Bad(badVersion, "version"),
            _ => null,
        };
    }

    private static async Task<Ok<RolloutChange[]>> HistoryAsync(string name, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetHistoryAsync());

    private static Results<Ok<RolloutPlan>, ProblemHttpResult> ToPlanOrProblem(RolloutResult result) =>
        result.Outcome == RolloutOutcome.Ok ? TypedResults.Ok(result.Plan!) : Problems.For(result.Outcome, result.Error!);
}
