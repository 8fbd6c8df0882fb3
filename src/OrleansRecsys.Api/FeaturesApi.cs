using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

public sealed record FeaturesResponse(string Id, DateTimeOffset AsOf, Dictionary<string, object> Features, DateTimeOffset? LastEventTs);

public sealed record VectorsBody(string? UserId, string[]? ItemIds, string? Model);

/// <summary>Feature reads (role recsys.read).</summary>
public static class FeaturesApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/features").RequireAuthorization(Roles.Read).WithTags("Features");
        g.MapGet("/users/{id}", (string id, IGrainFactory grains) => Read(id, grains.GetGrain<IUserFeatureGrain>(id).GetFeaturesAsync))
            .WithName("GetUserFeatures").WithSummary("All catalogue features of a user, as of now");
        g.MapGet("/items/{id}", (string id, IGrainFactory grains) => Read(id, grains.GetGrain<IItemFeatureGrain>(id).GetFeaturesAsync))
            .WithName("GetItemFeatures").WithSummary("All catalogue features of an item, as of now");
        g.MapPost("/vectors", VectorsAsync).WithName("GetVectors").WithSummary("The exact input rows a model would score");
    }

    private static async Task<Results<Ok<FeaturesResponse>, ProblemHttpResult>> Read(string id, Func<long, ValueTask<FeatureSnapshot>> read)
    {
        if (Validation.Id(id, "id") is { } error)
        {
            return error;
        }

        var snapshot = await read(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return TypedResults.Ok(ToResponse(snapshot));
    }

    public static FeaturesResponse ToResponse(FeatureSnapshot s)
    {
        var features = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in s.Numbers)
        {
            features[k] = v;
        }

        foreach (var (k, v) in s.Labels)
        {
            features[k] = v;
        }

        foreach (var (k, v) in s.Keyed)
        {
            features[k] = v;
        }

        foreach (var (k, v) in s.Recent)
        {
            features[k] = v.Select(x => new { key = x.Key, ts = DateTimeOffset.FromUnixTimeMilliseconds(x.LastSeenMs) }).ToArray();
        }

        return new FeaturesResponse(s.Id, DateTimeOffset.FromUnixTimeMilliseconds(s.AsOfMs), features,
            s.LastEventMs is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null);
    }

    public static async Task<Results<Ok<VectorsResponse>, ProblemHttpResult>> VectorsAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await Problems.ReadAsync<VectorsBody>(request);
        if (error is not null)
        {
            return error;
        }

        error = Validation.Problem(RequestRules.Vectors(body!.UserId, body.ItemIds, body.Model));
        if (error is not null)
        {
            return error;
        }

        var result = await grains.GetGrain<IRankingGrain>(0).GetVectorsAsync(new VectorsRequest(body.UserId!, body.ItemIds!, body.Model ?? ModelNames.Default));
        return result.Version is null || result.FeatureNames.Length == 0
            ? Problems.Status(422, "Model not servable", $"model '{result.Model}' has no loadable version for this user")
            : TypedResults.Ok(result);
    }
}
