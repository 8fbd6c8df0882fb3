namespace OrleansRecsys.Api;

/// <summary>
/// <c>/console/sign-in.json</c>: what the page needs to run the provider's sign-in (no secret: a public client's id is
/// public). <see cref="Authority"/> and <see cref="ClientId"/> are null when the console offers the pasted token only.
/// </summary>
public sealed record ConsoleSignIn(string? Authority, string? ClientId, string? Scope)
{
    public static readonly ConsoleSignIn PastedTokenOnly = new(null, null, null);

    public static ConsoleSignIn From(AuthOptions auth, ConsoleOptions console) =>
        !string.IsNullOrWhiteSpace(auth.Authority) && !string.IsNullOrWhiteSpace(console.OidcClientId)
            ? new ConsoleSignIn(auth.Authority.TrimEnd('/'), console.OidcClientId, console.OidcScope)
            : PastedTokenOnly;

    /// <summary>The origin the page may connect to besides its own (discovery document and token endpoint), or null.</summary>
    public string? ProviderOrigin => Authority is null ? null : new Uri(Authority).GetLeftPart(UriPartial.Authority);
}
