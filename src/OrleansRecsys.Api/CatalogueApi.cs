using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// The grid's feature catalogue: read its version and which version each silo serves (recsys.read), or propose a new
/// version (recsys.admin), which every silo adopts within a refresh, whichever silo or gateway took the call.
/// </summary>
internal static class CatalogueApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var catalogue = v1.MapGroup("/features/catalogue").WithTags("Features");
        catalogue.MapGet("", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetFeatureCatalogue").WithSummary("The catalogue version the grid stores, its features, and the version each silo serves");
        catalogue.MapPut("", PutAsync).RequireAuthorization(Roles.Admin)
            .WithName("PutFeatureCatalogue").WithSummary("Propose a new catalogue version (the whole document); every silo adopts it")
            .DescribesBody<object>().ProducesJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Ok<CatalogStatus>> GetAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFeatureCatalogGrain>(0).GetStatusAsync());

    private static async Task<Results<Ok<CatalogUpdateResult>, ProblemHttpResult>> PutAsync(HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var (document, error) = await RawBodies.ReadJsonTextAsync(request);
        if (error is not null)
        {
            return error;
        }

        var result = await grains.GetGrain<IFeatureCatalogGrain>(0).ProposeAsync(document!, TokenMinter.Subject(user));
        return result.Status switch
        {
            CatalogUpdateStatus.Adopted or CatalogUpdateStatus.Unchanged => TypedResults.Ok(result),
            CatalogUpdateStatus.Invalid => Problems.Bad(result.Error ?? "the catalogue is invalid"),
            CatalogUpdateStatus.StaleVersion => Problems.Conflict(result.Error ?? "the catalogue's version is not above the stored one"),
            _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Catalogue change refused", result.Error ?? "the change breaks a registered model version"),
        };
    }
}
