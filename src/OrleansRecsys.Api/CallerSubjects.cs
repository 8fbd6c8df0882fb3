using System.Runtime.CompilerServices;
using System.Security.Claims;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// The subject of a caller's token (its <c>sub</c>), read once per identity: the identity of a remembered token is shared
/// by all of that token's requests (<see cref="ValidatedTokenCache"/>), so the claim search, which allocates a predicate
/// and an enumerator, is not repeated for each of them. Entries live as long as their identity.
/// </summary>
internal static class CallerSubjects
{
    private static readonly ConditionalWeakTable<ClaimsIdentity, string> Subjects = new();

    public static string Of(ClaimsPrincipal user) =>
        user.Identity is ClaimsIdentity { IsAuthenticated: true } identity && user.Identities.Count() == 1
            ? Subjects.GetValue(identity, static known => TokenMinter.Subject(new ClaimsPrincipal(known)))
            : TokenMinter.Subject(user);
}
