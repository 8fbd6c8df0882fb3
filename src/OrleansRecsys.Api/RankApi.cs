using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>POST /v1/rank and /v1/recommend (role recsys.score).</summary>
internal static class RankApi
{
    private const int MaxDeadlineMs = 10_000;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/rank", RankAsync).RequireAuthorization(Roles.Score)
            .WithName("Rank").WithSummary("Rank candidates for a user").WithTags("Serving")
            .DescribesBody<RankBody>().ProducesJsonBodyProblems();
        v1.MapPost("/recommend", RecommendAsync).RequireAuthorization(Roles.Score)
            .WithName("Recommend").WithSummary("Recommend items from the grid's candidates").WithTags("Serving")
            .DescribesBody<RecommendBody>().ProducesJsonBodyProblems();
    }

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RankAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await Problems.ReadAsync<RankBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Id(body!.UserId, "userId") ?? Validation.Ids(body.Candidates, "candidates", 1, Validation.MaxCandidates)
            ?? Validation.K(body.K) ?? Validation.Model(body.Model) ?? Deadline(body.DeadlineMs);
        if (error is not null)
        {
            return error;
        }

        var rank = new RankRequest(body.UserId!, body.Candidates!, body.K ?? Math.Min(10, body.Candidates!.Length), body.Model ?? Validation.DefaultModel,
            null, body.DeadlineMs ?? 0);
        return TypedResults.Ok(await grains.GetGrain<IRankingGrain>(0).RankAsync(rank));
    }

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RecommendAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await Problems.ReadAsync<RecommendBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Id(body!.UserId, "userId") ?? (body.K is null ? Problems.Bad("k is required (1..200)", "k") : Validation.K(body.K))
            ?? Validation.Model(body.Model) ?? (body.Exclude is null ? null : Validation.Ids(body.Exclude, "exclude", 0, Validation.MaxCandidates))
            ?? Deadline(body.DeadlineMs);
        if (error is not null)
        {
            return error;
        }

        var recommend = new RecommendRequest(body.UserId!, body.K!.Value, body.Model ?? Validation.DefaultModel, body.Exclude ?? [], null, body.DeadlineMs ?? 0);
        return TypedResults.Ok(await grains.GetGrain<IRankingGrain>(0).RecommendAsync(recommend));
    }

    private static ProblemHttpResult? Deadline(int? ms) =>
        ms is null or (>= 1 and <= MaxDeadlineMs) ? null : Problems.Bad($"deadlineMs must be 1..{MaxDeadlineMs}", "deadlineMs");
}
