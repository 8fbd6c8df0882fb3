using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>
/// GET /v1/recommendations/{userId} (recsys.score): the user's precomputed list when it is fresh, else online recommend,
/// else popular items (of <c>category</c> when the query names one) for a user without history; the answer names its
/// <c>source</c> and <c>reason</c>. GET /v1/recommendations (recsys.score) is the anonymous form: popular items, overall
/// or of one category, from the cached lists.
/// </summary>
internal static class RecommendationsApi
{
    /// <summary>What k is when the query gives none.</summary>
    public const int DefaultK = ServingCalls.DefaultRecommendationsK;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/recommendations/{userId}", GetAsync).RequireAuthorization(Roles.Score)
            .WithName("GetRecommendations").WithSummary("A user's recommendations: precomputed when fresh, else online or popular")
            .WithTags("Serving")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/recommendations", PopularAsync).RequireAuthorization(Roles.Score)
            .WithName("GetPopularRecommendations").WithSummary("Popular items for a caller without a user, overall or of one category (cached)")
            .WithTags("Serving")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<PopularRecommendations>, ProblemHttpResult>> PopularAsync(string? k, string? category, PopularLists popular)
    {
        if (Number(k, "k") is { } malformed)
        {
            return malformed;
        }

        var kValue = Parse(k);
        var violation = RequestRules.K(kValue) ?? (category is null ? null : RequestRules.Id(category, "category"));
        if (Validation.Problem(violation) is { } bad)
        {
            return bad;
        }

        var segment = category is null ? PopularityKeys.Global : PopularityKeys.Category(category);
        var list = await popular.GetAsync(segment);
        return TypedResults.Ok(new PopularRecommendations(segment, list.TakenAt, list.Top(kValue ?? DefaultK, [])));
    }

    /// <remarks>The numbers are read from the query as text so that a malformed one is a 400 naming it, like a bad body field;
    /// the rest is the serving path gRPC's GetRecommendations takes too.</remarks>
    private static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult>> GetAsync(string userId, string? k, string? model,
        string? maxAgeSeconds, string? deadlineMs, string? category, ServingCalls serving)
    {
        if ((Number(k, "k") ?? Number(maxAgeSeconds, "maxAgeSeconds") ?? Number(deadlineMs, "deadlineMs")) is { } malformed)
        {
            return malformed;
        }

        var outcome = await serving.RecommendationsAsync(new RecommendationsQuery(userId, Parse(k), model, Parse(maxAgeSeconds), Parse(deadlineMs), category));
        return outcome.Failure is { } failure ? Problems.For(failure) : TypedResults.Ok(outcome.Value!);
    }

    private static ProblemHttpResult? Number(string? value, string field) =>
        value is null || int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? null
            : Problems.Bad($"{field} must be an integer", field);

    private static int? Parse(string? value) => value is null ? null : int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
