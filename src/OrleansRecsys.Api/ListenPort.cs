using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OrleansRecsys.Api;

/// <summary>
/// The port of a listen URL held in configuration (<c>Recsys:Host:ManagementUrl</c>, <c>Recsys:Host:GrpcUrl</c>): the one
/// reading of such a URL for the routes that answer only on their own port. Kestrel reads the same URL when it binds, so
/// the two agree; a URL Kestrel would refuse is reported by the host's validation, not here.
/// </summary>
public static class ListenPort
{
    /// <summary>The port of the URL at <paramref name="key"/>; null when the key is unset or empty, or the URL names no port
    /// of its own (a wildcard <c>:0</c> or a malformed address).</summary>
    public static int? From(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } url)
        {
            return null;
        }

        try
        {
            return BindingAddress.Parse(url).Port is var port and > 0 ? port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
