using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OrleansRecsys.Api;

/// <summary>
/// Reads the grid's roles from where an OpenID Connect provider puts them (<c>Recsys:Auth:RoleClaim</c>): a top-level
/// claim (<c>roles</c>) or a dotted path into a JSON claim (Keycloak's <c>realm_access.roles</c>).
/// </summary>
internal static class OidcRoles
{
    /// <summary>
    /// The claim type the roles are copied to and the policies check: a provider's unrelated top-level <c>roles</c> claim
    /// grants nothing when the configured path points elsewhere.
    /// </summary>
    public const string ClaimType = "recsys_role";

    public static void AddRoles(ClaimsIdentity identity, string path)
    {
        foreach (var role in Find(identity, path.Split('.')))
        {
            identity.AddClaim(new Claim(ClaimType, role));
        }
    }

    private static List<string> Find(ClaimsIdentity identity, string[] path)
    {
        var roles = new List<string>();
        foreach (var claim in identity.FindAll(path[0]).ToList())
        {
            if (claim.ValueType != JsonClaimValueTypes.Json && claim.ValueType != JsonClaimValueTypes.JsonArray)
            {
                // A top-level array arrives as one claim per element; a nested path cannot continue into a string.
                if (path.Length == 1)
                {
                    roles.Add(claim.Value);
                }

                continue;
            }

            using var json = JsonDocument.Parse(claim.Value);
            Collect(json.RootElement, path, 1, roles);
        }

        return roles;
    }

    private static void Collect(JsonElement element, string[] path, int depth, List<string> roles)
    {
        if (depth < path.Length)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(path[depth], out var child))
            {
                Collect(child, path, depth + 1, roles);
            }

            return;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            roles.Add(element.GetString()!);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    roles.Add(item.GetString()!);
                }
            }
        }
    }
}
