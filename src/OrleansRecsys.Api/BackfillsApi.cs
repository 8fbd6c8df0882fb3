using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// Online backfills (recsys.admin): start one for the features a catalogue version added, follow its progress. A backfill
/// replays the interaction log into the live grains while ingestion runs; each event reaches the new features once.
/// </summary>
internal static class BackfillsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var backfills = v1.MapGroup("/features/backfills").RequireAuthorization(Roles.Admin).WithTags("Features");
        backfills.MapPost("", StartAsync)
            .WithName("StartBackfill").WithSummary("Start an online backfill of the features a catalogue version added")
            .DescribesBody<BackfillBody>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        backfills.MapGet("", ListAsync)
            .WithName("ListBackfills").WithSummary("Online backfills, newest first");
        backfills.MapGet("/{id}", GetAsync)
            .WithName("GetBackfill").WithSummary("An online backfill's progress and completion status")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Accepted<BackfillStatus>, ProblemHttpResult>> StartAsync(HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (body, error) = await Problems.ReadAsync<BackfillBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Version is < 1)
        {
            return Problems.Bad("version must be 1 or more", "version");
        }

        var started = await grains.GetGrain<IFeatureBackfillGrain>(0).StartAsync(new BackfillRequest(body.Version, body.From, body.To, TokenMinter.Subject(user)));
        return started.Outcome switch
        {
            BackfillStartOutcome.Started => TypedResults.Accepted($"/v1/features/backfills/{started.Backfill!.Id}", started.Backfill),
            BackfillStartOutcome.Invalid => Problems.Bad(started.Error ?? "the backfill cannot start", FieldOf(started.Error)),
            BackfillStartOutcome.NothingToBackfill => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Nothing to backfill", started.Error ?? ""),
            _ => Problems.Conflict(started.Error ?? "the backfill cannot start now"),
        };
    }

    private static async Task<Ok<BackfillStatus[]>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFeatureBackfillGrain>(0).ListAsync());

    private static async Task<Results<Ok<BackfillStatus>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (Validation.Id(id, "id") is { } bad)
        {
            return bad;
        }

        var backfill = await grains.GetGrain<IFeatureBackfillGrain>(0).GetAsync(id);
        return backfill is null ? Problems.NotFound($"no backfill '{id}'") : TypedResults.Ok(backfill);
    }

    /// <summary>The field a planning refusal names (its message starts with it: "version: ...", "from: ...").</summary>
    private static string? FieldOf(string? error)
    {
        var colon = error?.IndexOf(':') ?? -1;
        return colon > 0 && error![..colon] is "version" or "from" or "to" ? error[..colon] : null;
    }
}
