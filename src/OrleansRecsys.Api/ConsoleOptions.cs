using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Api;

/// <summary>
/// Options under <c>Recsys:Console</c>: the OpenID Connect client the console signs users in with when the grid trusts a
/// provider (<c>Recsys:Auth:Authority</c>). The console is a public client (a browser keeps no secret), so it uses the
/// authorization-code flow with PKCE; register it at the provider with the redirect URI <c>https://&lt;grid&gt;/console/</c>.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Recsys:Console";

    /// <summary>The console's client id at the provider; without it the console offers the pasted token only.</summary>
    [MaxLength(256, ErrorMessage = Section + ":OidcClientId must be at most {1} characters.")]
    public string? OidcClientId { get; set; }

    /// <summary>The scopes the console asks for; the provider must put the grid's audience and roles in the access token.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":OidcScope must not be empty.")]
    public string OidcScope { get; set; } = "openid";
}
