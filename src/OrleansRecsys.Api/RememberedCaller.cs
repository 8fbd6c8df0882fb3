using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace OrleansRecsys.Api;

/// <summary>
/// The principal of a caller whose token the whole bearer pipeline accepted once (signature, issuer, audience, lifetime
/// and the grid's own checks after them), kept with its <see cref="ValidatedTokenCache"/> entry so that the token's later
/// requests are authenticated and authorized from here (<see cref="RememberedCallerAuthentication"/>,
/// <see cref="RememberedCallerPolicyEvaluator"/>) instead of through the generic handlers, which rebuild all of it on
/// every request. It holds the identities the handler made; nothing changes them once it is made, and it is shared by
/// every request of the token.
/// </summary>
internal sealed class RememberedCaller : ClaimsPrincipal
{
    private readonly HashSet<string> _roles;

    public RememberedCaller(ClaimsPrincipal accepted, string scheme) : base(accepted.Identities)
    {
        Authenticated = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(this, scheme)));
        _roles = RolesOf(this);
    }

    /// <summary>The accepted answer, as the task the authorization step awaits (nothing to allocate per request).</summary>
    public Task<AuthenticateResult> Authenticated { get; }

    /// <summary>
    /// Whether this caller meets every requirement of <paramref name="policy"/>, decided here only for what the grid's
    /// policies are made of (an authenticated user, one of some roles); false for anything else, which the caller then
    /// meets or fails through the generic authorization service, as every refusal does.
    /// </summary>
    public bool Satisfies(AuthorizationPolicy policy)
    {
        var requirements = policy.Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            var met = requirements[i] switch
            {
                DenyAnonymousAuthorizationRequirement => Identity?.IsAuthenticated == true,
                RolesAuthorizationRequirement { AllowedRoles: IReadOnlyList<string> allowed } => HasAnyOf(allowed),
                _ => false,
            };
            if (!met)
            {
                return false;
            }
        }

        return requirements.Count > 0;
    }

    private bool HasAnyOf(IReadOnlyList<string> allowed)
    {
        for (var i = 0; i < allowed.Count; i++)
        {
            if (_roles.Contains(allowed[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The values <see cref="ClaimsPrincipal.IsInRole"/> answers true for: of each identity, its claims of that
    /// identity's role claim type (the type compared ignoring case, the value exactly, as <c>IsInRole</c> compares them).</summary>
    private static HashSet<string> RolesOf(ClaimsPrincipal principal)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in principal.Identities)
        {
            foreach (var claim in identity.Claims)
            {
                if (string.Equals(claim.Type, identity.RoleClaimType, StringComparison.OrdinalIgnoreCase))
                {
                    roles.Add(claim.Value);
                }
            }
        }

        return roles;
    }
}
