using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Api;

/// <summary>
/// The authentication service, around the framework's: a bearer token the whole pipeline accepted before
/// (<see cref="ValidatedTokenCache.Recall"/>: not expired, its key still among the keys requests are validated with now)
/// authenticates as its <see cref="RememberedCaller"/> without the JWT handler, which per request copies its validation
/// parameters and builds a principal, a ticket, a result and their contexts anew. Every other request (no token, a new,
/// refused or expired token, a withdrawn key, a provider's key set due for a refresh, another scheme) and every other
/// operation (challenge, forbid) is the framework's <see cref="AuthenticationService"/>; so is everything when claims
/// transformation is configured, which must see every request. One instance for the process: the framework's service,
/// scoped, is taken from the request's services when it is needed.
/// </summary>
internal sealed class RememberedCallerAuthentication(IOptionsMonitor<JwtBearerOptions> bearer, IClaimsTransformation claims) : IAuthenticationService
{
    private readonly bool _recalls = claims is NoopClaimsTransformation;

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        _recalls && scheme is null or JwtBearerDefaults.AuthenticationScheme && Recall(context) is { } caller
            ? caller.Authenticated
            : Generic(context).AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Generic(context).ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Generic(context).ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        Generic(context).SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Generic(context).SignOutAsync(context, scheme, properties);

    private static AuthenticationService Generic(HttpContext context) => context.RequestServices.GetRequiredService<AuthenticationService>();

    /// <summary>The request's caller when its token was accepted before and would be accepted now; null sends the request
    /// through the handler.</summary>
    private RememberedCaller? Recall(HttpContext context)
    {
        var options = bearer.Get(JwtBearerDefaults.AuthenticationScheme);
        var token = BearerHeader.Token(context.Request);
        if (token.IsEmpty || options.TokenHandlers is not [ValidatedTokenCache cache])
        {
            return null;
        }

        if (options.ConfigurationManager is OidcKeySource provider)
        {
            // The keys the handler would validate with: the provider's current set, while it is not due for a refresh.
            return provider.Fresh is { } configuration ? cache.Recall(token, null, configuration.SigningKeys) : null;
        }

        var parameters = options.TokenValidationParameters;
        return cache.Recall(token, parameters.IssuerSigningKey, parameters.IssuerSigningKeys);
    }
}
