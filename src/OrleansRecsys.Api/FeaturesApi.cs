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

    private static Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> ReadUserAsync(string id, IGrainFactory grains) =>
        ReadAsync(id, grains.GetGrain<IUserFeatureGrain>(id).ReadFeaturesAsync);

    private static Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> ReadItemAsync(string id, IGrainFactory grains) =>
        ReadAsync(id, grains.GetGrain<IItemFeatureGrain>(id).ReadFeaturesAsync);

    private static async Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> ReadAsync(string id, Func<long, ValueTask<FeatureRead>> readAsOf)
    {
        if (Validation.Id(id, "id") is { } error)
        {
            return error;
        }

        var read = await readAsOf(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return TypedResults.Ok(ToResponse(read));
    }

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

    private static async Task<Results<Ok<VectorsResponse>, ProblemHttpResult>> VectorsAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await Problems.ReadAsync<VectorsBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Problem(RequestRules.Vectors(body!.UserId, body.ItemIds, body.Model));
        var (context, contextError) = ContextBody.Read(body.Context);
        if ((error ?? contextError) is { } refused)
        {
            return refused;
        }

        VectorsResponse result;
        try
        {
            result = await grains.GetGrain<IRankingGrain>(0).GetVectorsAsync(new VectorsRequest(body.UserId!, body.ItemIds!, body.Model ?? ModelNames.Default, context));
        }
        catch (InvalidContextException ex)
        {
            return ContextBody.Refused(ex);
        }

        return result.Version is null || result.FeatureNames.Length == 0
            ? Problems.Status(StatusCodes.Status422UnprocessableEntity, "Model not servable", $"model '{result.Model}' has no loadable version for this user")
            : TypedResults.Ok(result);
    }
}
