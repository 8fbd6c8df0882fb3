using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// POST /v1/rank and /v1/recommend (role recsys.score). The API waits for the grid no longer than the request's deadline
/// plus <see cref="ServingOptions.DeadlineGraceMs"/>; past it, or when the silo serving the call is gone, it answers from
/// its own popularity snapshot (<see cref="CallerFallback"/>), so a dying silo costs a fallback, not a 30 s wait.
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

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RankAsync(HttpRequest request, RankingEntry ranking,
        PopularitySnapshotKeeper popularity, IOptions<ServingOptions> serving, RecsysMetrics metrics)
    {
        var (body, error) = await Problems.ReadAsync<RankBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Problem(RequestRules.Rank(body!.UserId, body.Candidates, body.K, body.Model, body.DeadlineMs));
        var (context, contextError) = ContextBody.Read(body.Context);
        if ((error ?? contextError) is { } refused)
        {
            return refused;
        }

        var rank = new RankRequest(body.UserId!, body.Candidates!, body.K ?? Math.Min(RequestLimits.DefaultRankK, body.Candidates!.Length), body.Model ?? ModelNames.Default,
            null, body.DeadlineMs ?? serving.Value.DefaultDeadlineMs, context);
        try
        {
            return TypedResults.Ok(Counted(metrics, await CallerFallback.RankAsync(ranking.Grain, rank, Grace(serving), popularity,
                request.HttpContext.RequestAborted)));
        }
        catch (UnknownModelException ex)
        {
            return UnknownModel(ex);
        }
        catch (InvalidContextException ex)
        {
            return ContextBody.Refused(ex);
        }
    }

    private static async Task<Results<Ok<RankResponse>, ProblemHttpResult>> RecommendAsync(HttpRequest request, RankingEntry ranking,
        PopularitySnapshotKeeper popularity, IOptions<ServingOptions> serving, RecsysMetrics metrics)
    {
        var (body, error) = await Problems.ReadAsync<RecommendBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Problem(RequestRules.Recommend(body!.UserId, body.K, body.Model, body.Exclude, body.DeadlineMs));
        var (context, contextError) = ContextBody.Read(body.Context);
        if ((error ?? contextError) is { } refused)
        {
            return refused;
        }

        var recommend = new RecommendRequest(body.UserId!, body.K!.Value, body.Model ?? ModelNames.Default, body.Exclude ?? [], null,
            body.DeadlineMs ?? serving.Value.DefaultDeadlineMs, context);
        try
        {
            return TypedResults.Ok(Counted(metrics, await CallerFallback.RecommendAsync(ranking.Grain, recommend, Grace(serving), popularity,
                request.HttpContext.RequestAborted)));
        }
        catch (UnknownModelException ex)
        {
            return UnknownModel(ex);
        }
        catch (InvalidContextException ex)
        {
            return ContextBody.Refused(ex);
        }
    }

    /// <summary>
    /// Counts the API's own fallbacks: only they carry <c>deadline</c> or <c>silo_unavailable</c> with variant <c>none</c>
    /// (the grid's deadline fallbacks carry the variant they were routed to).
    /// </summary>
    private static RankResponse Counted(RecsysMetrics metrics, RankResponse response)
    {
        if (response.Variant == Variants.None && response.FallbackReason is FallbackReasons.Deadline or FallbackReasons.SiloUnavailable)
        {
            // No model label: the caller cannot tell a real model from a made-up name, and labels must stay few.
            metrics.CallerFallbacks.Add(1, new KeyValuePair<string, object?>("reason", response.FallbackReason));
        }

        return response;
    }

    /// <summary>A model never registered is the caller's mistake (a typo would otherwise hide behind a popularity answer):
    /// 404, naming the model in the detail and in the <c>model</c> extension.</summary>
    private static ProblemHttpResult UnknownModel(UnknownModelException ex) =>
        TypedResults.Problem(UnknownModelException.MessageFor(ex.Model), statusCode: StatusCodes.Status404NotFound, title: "Unknown model",
            extensions: new Dictionary<string, object?> { ["model"] = ex.Model });

    private static TimeSpan Grace(IOptions<ServingOptions> serving) => TimeSpan.FromMilliseconds(serving.Value.DeadlineGraceMs);
}
