using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// Batch precompute runs: start one (recsys.admin), read one or a model's list (recsys.read). A run ranks the
/// recommendation candidates of every user of a segment with the model's stable version and stores each top-K,
/// which GET /v1/recommendations/{userId} serves (<see cref="RecommendationsApi"/>).
/// </summary>
internal static class BatchApi
{
    /// <summary>What a run computes when the body names no k.</summary>
    public const int DefaultK = 50;

    public static void Map(RouteGroupBuilder v1)
    {
        var runs = v1.MapGroup("/batch/runs").WithTags("Batch");
        runs.MapPost("", StartAsync).RequireAuthorization(Roles.Admin)
            .WithName("StartBatchRun").WithSummary("Start a batch precompute run of a model")
            .DescribesBody<BatchRunBody>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        runs.MapGet("", ListAsync).RequireAuthorization(Roles.Read)
            .WithName("ListBatchRuns").WithSummary("A model's batch runs, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/{id}", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetBatchRun").WithSummary("A batch run's state and progress")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Accepted<BatchRunStatus>, ProblemHttpResult>> StartAsync(HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (body, error) = await Problems.ReadAsync<BatchRunBody>(request);
        if (error is not null)
        {
            return error;
        }

        if (Validation.Problem(BatchRules.Run(body!.Model, body.K, body.Segment)) is { } bad)
        {
            return bad;
        }

        var model = body.Model ?? ModelNames.Default;
        try
        {
            var started = await grains.GetGrain<IBatchCoordinatorGrain>(model)
                .StartAsync(new BatchRunRequest(body.K ?? DefaultK, body.Segment ?? BatchSegment.Default, TokenMinter.Subject(user)));
            return started.Outcome switch
            {
                BatchStartOutcome.Started => TypedResults.Accepted($"/v1/batch/runs/{started.Run!.RunId}", started.Run),
                BatchStartOutcome.AlreadyRunning => TypedResults.Problem(started.Error, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                    extensions: new Dictionary<string, object?> { ["runId"] = started.Run?.RunId }),
                _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "No stable version", started.Error ?? "the model cannot be precomputed"),
            };
        }
        catch (UnknownModelException ex)
        {
            return Problems.NotFound(UnknownModelException.MessageFor(ex.Model));
        }
    }

    private static async Task<Results<Ok<BatchRunStatus[]>, ProblemHttpResult>> ListAsync(string? model, IGrainFactory grains)
    {
        if (Validation.Problem(RequestRules.Model(model)) is { } bad)
        {
            return bad;
        }

        return TypedResults.Ok(await grains.GetGrain<IBatchCoordinatorGrain>(model ?? ModelNames.Default).ListRunsAsync());
    }

    private static async Task<Results<Ok<BatchRunStatus>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (Validation.Problem(BatchRules.RunId(id)) is { } bad)
        {
            return bad;
        }

        BatchRunIds.TryParse(id, out var model, out var sequence);
        var run = await grains.GetGrain<IBatchCoordinatorGrain>(model).GetRunAsync(sequence);
        return run is null ? Problems.NotFound($"no batch run '{id}'") : TypedResults.Ok(run);
    }
}
