using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>GET /v1/me (recsys.read): the caller's subject and roles, read from the validated token.</summary>
internal static class CallerApi
{
    /// <summary>Every role the grid knows, in the order a person reads them.</summary>
    private static readonly string[] KnownRoles = [Roles.Read, Roles.Score, Roles.Ingest, Roles.Admin];

    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/me", Me).RequireAuthorization(Roles.Read)
            .WithName("WhoAmI").WithTags("Caller").WithSummary("The token's subject and roles (what the console may show)");

    /// <summary>Roles are read through <see cref="ClaimsPrincipal.IsInRole"/>, so they are the ones the policies see,
    /// whether the token is the grid's own or an OpenID Connect provider's (its role claim mapped at validation).</summary>
    private static Ok<CallerInfo> Me(ClaimsPrincipal user)
    {
        var roles = Array.FindAll(KnownRoles, user.IsInRole);
        return TypedResults.Ok(new CallerInfo(TokenMinter.Subject(user), roles, user.IsInRole(Roles.Admin)));
    }
}
