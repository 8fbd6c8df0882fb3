using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.Api;

/// <summary>
/// The authorization step's policy evaluator: a request whose user is a <see cref="RememberedCaller"/> (only
/// <see cref="RememberedCallerAuthentication"/> puts one there, for a token that is valid now) and whose roles meet the
/// endpoint's policy is allowed from the caller's remembered roles, with nothing allocated; every other case (another
/// caller, a policy of other requirements, and every refusal, so that a 401 or 403 is made and logged as before) is the
/// framework's own <see cref="PolicyEvaluator"/>. One instance for the process: it holds no request's state.
/// </summary>
internal sealed class RememberedCallerPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Allowed = Task.FromResult(PolicyAuthorizationResult.Success());

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        policy.AuthenticationSchemes.Count == 0 && context.User is RememberedCaller caller
            ? caller.Authenticated
            : Generic(context).AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context,
        object? resource) =>
        context.User is RememberedCaller caller && caller.Satisfies(policy)
            ? Allowed
            : Generic(context).AuthorizeAsync(policy, authenticationResult, context, resource);

    /// <summary>The framework's evaluator, made per request as the framework makes it (its services are transient).</summary>
    private static PolicyEvaluator Generic(HttpContext context) => context.RequestServices.GetRequiredService<PolicyEvaluator>();
}
