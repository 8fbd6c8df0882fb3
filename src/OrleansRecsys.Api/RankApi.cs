using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>
/// POST /v1/rank and /v1/recommend (role recsys.score): read the JSON body, then the one serving path both HTTP and gRPC
/// take (<see cref="ServingCalls"/>: rules, defaults, the grid within the deadline, the caller's fallback).
/// </summary>
internal static class RankApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/rank", RankAsync).RequireAuthorization(Roles.Score)
            .WithName("Rank").WithSummary("Rank candidates for a user").WithTags("Serving")
            .DescribesBody<RankBody>().ProducesJsonBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/recommend", RecommendAsync).RequireAuthorization(Roles.Score)
            .WithName("Recommend").WithSummary("Recommend items from the grid's candidates").WithTags("Serving")
            .DescribesBody<RecommendBody>().ProducesJsonBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RankAsync(HttpRequest request, ServingCalls serving)
    {
        var (body, error) = await Problems.ReadAsync<RankBody>(request);
        if (error is not null)
        {
            return error;
        }

        var (context, contextError) = ContextBody.Read(body!.Context);
        return contextError ?? Answer(await serving.RankAsync(body, context, request.HttpContext.User, request.HttpContext.RequestAborted));
    }

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RecommendAsync(HttpRequest request, ServingCalls serving)
    {
        var (body, error) = await Problems.ReadAsync<RecommendBody>(request);
        if (error is not null)
        {
            return error;
        }

        var (context, contextError) = ContextBody.Read(body!.Context);
        return contextError ?? Answer(await serving.RecommendAsync(body, context, request.HttpContext.User, request.HttpContext.RequestAborted));
    }

    private static Results<Ok<RankResponse>, ProblemHttpResult> Answer(ServingOutcome<RankResponse> outcome) =>
        outcome.Failure is { } failure ? Problems.For(failure) : TypedResults.Ok(outcome.Value!);
}
