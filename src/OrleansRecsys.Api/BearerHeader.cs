using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>The token of a request's <c>Authorization: Bearer</c> header, read as the JWT handler reads it.</summary>
internal static class BearerHeader
{
    private const string Prefix = "Bearer ";

    /// <summary>The token, trimmed, as a view into the header's string (nothing copied); empty without one.</summary>
    public static ReadOnlySpan<char> Token(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? authorization.AsSpan(Prefix.Length).Trim() : default;
    }
}
