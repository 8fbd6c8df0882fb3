using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

public sealed record RolloutBody(string? Canary, decimal? CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long? Revision, string? Reason);

public sealed record ReasonBody(string? Reason);

/// <summary>Canary rollout endpoints: plan and history (recsys.read); set, promote, rollback (recsys.admin).</summary>
public static class RolloutApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/models/{name}/rollout").WithTags("Rollout");
        g.MapGet("/", GetAsync).RequireAuthorization(Roles.Read).WithName("GetRollout").WithSummary("The rollout plan");
        g.MapPut("/", PutAsync).RequireAuthorization(Roles.Admin).WithName("SetRollout").WithSummary("Set canary, percent, shadows, guardrails");
        g.MapPost("/promote", (string name, HttpRequest r, IGrainFactory gf, ClaimsPrincipal u) => EndAsync(name, r, gf, u, promote: true))
            .RequireAuthorization(Roles.Admin).WithName("PromoteCanary").WithSummary("The canary becomes stable");
        g.MapPost("/rollback", (string name, HttpRequest r, IGrainFactory gf, ClaimsPrincipal u) => EndAsync(name, r, gf, u, promote: false))
            .RequireAuthorization(Roles.Admin).WithName("RollbackCanary").WithSummary("The canary is removed");
        g.MapGet("/history", HistoryAsync).RequireAuthorization(Roles.Read).WithName("RolloutHistory").WithSummary("Changes, newest first");
    }

    public static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync();
        return plan is null ? Problems.Status(404, "Not found", $"model '{name}' has no rollout plan") : TypedResults.Ok(plan);
    }

    public static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> PutAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        var (body, error) = await Problems.ReadAsync<RolloutBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Revision is null)
        {
            return Problems.Bad("revision is required (the revision you read)", "revision");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        if (body.Canary is not null && ModelValidator.ValidateName(body.Canary, "canary") is { } badCanary)
        {
            return Problems.Bad(badCanary, "canary");
        }

        var update = new RolloutUpdate(body.Canary, body.CanaryPercent ?? 0, body.Shadow, body.Guardrails, body.Revision.Value, body.Reason);
        return ToResult(await grains.GetGrain<IRolloutCoordinatorGrain>(name).UpdateAsync(update, TokenMinter.Subject(user)));
    }

    private static async Task<Results<Ok<RolloutPlan>, ProblemHttpResult>> EndAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, bool promote)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        var (body, error) = await Problems.ReadAsync<ReasonBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason))
        {
            return Problems.Bad("reason is required", "reason");
        }

        var coordinator = grains.GetGrain<IRolloutCoordinatorGrain>(name);
        var who = TokenMinter.Subject(user);
        return ToResult(promote ? await coordinator.PromoteAsync(body.Reason, who) : await coordinator.RollbackAsync(body.Reason, who));
    }

    public static async Task<Results<Ok<RolloutChange[]>, ProblemHttpResult>> HistoryAsync(string name, IGrainFactory grains)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        return TypedResults.Ok(await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetHistoryAsync());
    }

    private static Results<Ok<RolloutPlan>, ProblemHttpResult> ToResult(RolloutResult r) => r.Outcome switch
    {
        RolloutOutcome.Ok => TypedResults.Ok(r.Plan!),
        RolloutOutcome.BadRequest => Problems.Bad(r.Error!),
        RolloutOutcome.Conflict => Problems.Status(409, "Conflict", r.Error!),
        RolloutOutcome.NotFound => Problems.Status(404, "Not found", r.Error!),
        _ => Problems.Status(422, "Unprocessable", r.Error!),
    };
}
