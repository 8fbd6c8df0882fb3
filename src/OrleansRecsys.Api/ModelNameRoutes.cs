using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>The route groups under <c>/models/{name}</c> whose every endpoint is about one model, named in the route.</summary>
internal static class ModelNameRoutes
{
    /// <summary>
    /// Answers a malformed <c>{name}</c> with a 400 naming the field <c>name</c> on every endpoint of
    /// <paramref name="group"/>, before its handler runs: no handler of the group repeats the check, and none can forget it.
    /// </summary>
    public static RouteGroupBuilder ValidatesModelName(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
            Validation.ModelNameInRoute(context.HttpContext.GetRouteValue("name") as string ?? "") is { } badName ? badName : await next(context));
        return group.ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
