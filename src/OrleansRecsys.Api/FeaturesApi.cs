using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>Feature reads (role recsys.read).</summary>
internal static class FeaturesApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var features = v1.MapGroup("/features").RequireAuthorization(Roles.Read).WithTags("Features");
        features.MapGet("/users/{id}", ReadUserAsync)
            .WithName("GetUserFeatures").WithSummary("All catalogue features of a user, as of now")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        features.MapGet("/items/{id}", ReadItemAsync)
            .WithName("GetItemFeatures").WithSummary("All catalogue features of an item, as of now")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        features.MapPost("/vectors", VectorsAsync)
            .WithName("GetVectors").WithSummary("The exact input rows a model would score")
            .DescribesBody<VectorsBody>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> ReadUserAsync(string id, ServingCalls serving) =>
        Answer(await serving.UserFeaturesAsync(id));

    private static async Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> ReadItemAsync(string id, ServingCalls serving) =>
        Answer(await serving.ItemFeaturesAsync(id));

    private static Results<Ok<FeaturesResponse>, ProblemHttpResult> Answer(ServingOutcome<FeatureRead> outcome) =>
        outcome.Failure is { } failure ? Problems.For(failure) : TypedResults.Ok(ToResponse(outcome.Value!));

    private static FeaturesResponse ToResponse(FeatureRead read)
    {
        var snapshot = read.Snapshot;
        var features = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, number) in snapshot.Numbers)
        {
            features[name] = number;
        }

        foreach (var (name, label) in snapshot.Labels)
        {
            features[name] = label;
        }

        foreach (var (name, keyed) in snapshot.Keyed)
        {
            features[name] = keyed;
        }

        foreach (var (name, recent) in snapshot.Recent)
        {
            features[name] = recent.Select(x => new { key = x.Key, ts = DateTimeOffset.FromUnixTimeMilliseconds(x.LastSeenMs) }).ToArray();
        }

        return new FeaturesResponse(snapshot.Id, DateTimeOffset.FromUnixTimeMilliseconds(snapshot.AsOfMs), features,
            snapshot.LastEventMs is { } lastEventMs ? DateTimeOffset.FromUnixTimeMilliseconds(lastEventMs) : null, read.Freshness);
    }

    private static async Task<Results<Ok<VectorsResponse>, ProblemHttpResult>> VectorsAsync(HttpRequest request, ServingCalls serving)
    {
        var (body, error) = await Problems.ReadAsync<VectorsBody>(request);
        if (error is not null)
        {
            return error;
        }

        var (context, contextError) = ContextBody.Read(body!.Context);
        if (contextError is not null)
        {
            return contextError;
        }

        var outcome = await serving.VectorsAsync(body, context);
        return outcome.Failure is { } failure ? Problems.For(failure) : TypedResults.Ok(outcome.Value!);
    }
}
