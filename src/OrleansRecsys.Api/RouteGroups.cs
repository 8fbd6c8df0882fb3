using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>
/// The route groups <see cref="RateLimitOptions"/> limits, told apart by what every <c>/v1</c> endpoint already declares:
/// the role it requires (admin, ingest, read, score) and, for the score role, its name (rank or recommend). A new
/// endpoint therefore falls into its role's group without being listed here. gRPC methods declare their group
/// (<see cref="RouteGroupAttribute"/>), so a gRPC rank spends the tokens of
/// the same group as an HTTP rank: one home for the limits, whichever door a request comes in by.
/// </summary>
internal static class RouteGroups
{
    public const string Rank = "rank";
    public const string Recommend = "recommend";
    public const string Ingest = "ingest";
    public const string Admin = "admin";
    public const string Read = "read";

    /// <summary>The request's group, or null outside the serving API (<see cref="ServingPaths"/>: health, metrics, reflection,
    /// the OpenAPI document).</summary>
    public static string? Of(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint || !ServingPaths.IsServing(context))
        {
            return null;
        }

        if (endpoint.Metadata.GetMetadata<RouteGroupAttribute>() is { } declared)
        {
            return declared.Name;
        }

        // Indexed: the rate limiters ask on every request, and enumerating the list through its interface allocates.
        string? group = null;
        var requirements = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        for (var i = 0; i < requirements.Count; i++)
        {
            group = requirements[i].Policy switch
            {
                Roles.Admin => Admin,
                Roles.Ingest => Ingest,
                Roles.Read => Read,
                Roles.Score => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "Recommend" ? Recommend : Rank,
                _ => group,
            };
        }

        return group;
    }
}
