using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Api;

/// <summary>
/// GET /v1/recommendations/{userId} (recsys.score): the user's precomputed list when it is fresh, else online recommend,
/// else popular items for a user without history; the answer names its <c>source</c> and <c>reason</c>. GET
/// /v1/recommendations (recsys.score) is the anonymous form: popular items, overall or of one category, from the cached lists.
/// </summary>
internal static class RecommendationsApi
{
    /// <summary>What k is when the query gives none.</summary>
    public const int DefaultK = 10;

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

    /// <remarks>The numbers are read from the query as text so that a malformed one is a 400 naming it, like a bad body field.</remarks>
    private static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult>> GetAsync(string userId, string? k, string? model,
        string? maxAgeSeconds, string? deadlineMs, IGrainFactory grains, IOptions<ServingOptions> serving)
    {
        if ((Number(k, "k") ?? Number(maxAgeSeconds, "maxAgeSeconds") ?? Number(deadlineMs, "deadlineMs")) is { } malformed)
        {
            return malformed;
        }

        var (kValue, maxAge, deadline) = (Parse(k), Parse(maxAgeSeconds), Parse(deadlineMs));
        var violation = BatchRules.Recommendations(userId, kValue, model, maxAge) ?? RequestRules.DeadlineMs(deadline);
        if (Validation.Problem(violation) is { } bad)
        {
            return bad;
        }

        var request = new RecommendationsRequest(userId, kValue ?? DefaultK, model ?? ModelNames.Default, (maxAge ?? 0) * 1000L,
            deadline ?? serving.Value.DefaultDeadlineMs);
        try
        {
            return TypedResults.Ok(await grains.GetGrain<IRecommendationsGrain>(0).GetAsync(request));
        }
        catch (UnknownModelException ex)
        {
            return TypedResults.Problem(UnknownModelException.MessageFor(ex.Model), statusCode: StatusCodes.Status404NotFound, title: "Unknown model",
                extensions: new Dictionary<string, object?> { ["model"] = ex.Model });
        }
    }

    private static ProblemHttpResult? Number(string? value, string field) =>
        value is null || int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? null
            : Problems.Bad($"{field} must be an integer", field);

    private static int? Parse(string? value) => value is null ? null : int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
