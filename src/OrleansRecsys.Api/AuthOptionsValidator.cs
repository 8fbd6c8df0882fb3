using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>The rules of <see cref="AuthOptions"/> that span fields or need the raw configuration; each message names its key.</summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    /// <summary>The key's former name: still set, it would be ignored silently and leave a production grid in development mode.</summary>
    internal const string RetiredModeKey = "Recsys:Auth:Profile";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (configuration[RetiredModeKey] is not null)
        {
            failures.Add($"{RetiredModeKey} is no longer read: set Recsys:Auth:Mode to 'development' or 'production' instead");
        }

        if (!string.IsNullOrEmpty(options.Mode) && !options.IsDevelopment && !options.IsProduction)
        {
            failures.Add($"Recsys:Auth:Mode must be 'development' or 'production' (got '{options.Mode}')");
        }

        failures.AddRange(options.UsesOidc ? OidcProblems(options) : KeyRingProblems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The key's problem, or null when it decodes to at least <see cref="SigningKeys.MinBytes"/> bytes.</summary>
    internal static string? KeyProblem(string key, string value)
    {
        byte[] bytes;
        try
        {
            bytes = SigningKeys.Decode(value);
        }
        catch (FormatException)
        {
            return $"{key} starts with 'base64:' but the rest is not valid base64";
        }

        return bytes.Length < SigningKeys.MinBytes ? $"{key} is {bytes.Length} bytes; at least {SigningKeys.MinBytes} are required" : null;
    }

    private static IEnumerable<string> OidcProblems(AuthOptions options)
    {
        // One trust anchor: a shared HS256 key left beside the provider would let anyone holding it mint any role.
        if (options.SigningKey is not null || options.SigningKeys.Count > 0)
        {
            yield return "Recsys:Auth:Authority and Recsys:Auth:SigningKey/SigningKeys are exclusive: remove the signing keys when tokens come from an OpenID Connect provider";
        }

        foreach (var (key, value) in new[] { ("Recsys:Auth:Authority", options.Authority), ("Recsys:Auth:MetadataAddress", options.MetadataAddress) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                yield return $"{key} must be an absolute http(s) URL (got '{value}')";
            }
            else if (options.RequireHttpsMetadata && uri.Scheme != "https")
            {
                yield return $"{key} must be https unless Recsys:Auth:RequireHttpsMetadata is false (got '{value}')";
            }
        }

        if (options.RoleClaim.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            yield return $"Recsys:Auth:RoleClaim must be a claim name or a dotted path such as realm_access.roles (got '{options.RoleClaim}')";
        }
    }

    private static IEnumerable<string> KeyRingProblems(AuthOptions options)
    {
        if (options.SigningKey is not null && options.SigningKeys.Count > 0)
        {
            yield return "Recsys:Auth:SigningKey and Recsys:Auth:SigningKeys are exclusive: list the key in SigningKeys with an id";
        }
        else if (options.SigningKey is not null && KeyProblem("Recsys:Auth:SigningKey", options.SigningKey) is { } problem)
        {
            yield return problem;
        }
        else if (options.SigningKey is null && options.SigningKeys.Count == 0 && options.IsProduction)
        {
            yield return $"Recsys:Auth:SigningKey (or a SigningKeys ring, or an Authority) must be set to at least {SigningKeys.MinBytes} bytes in production mode";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var entry = options.SigningKeys[i];
            var key = $"Recsys:Auth:SigningKeys:{i}";
            if (string.IsNullOrWhiteSpace(entry.Id) || !seen.Add(entry.Id))
            {
                yield return $"{key}:Id must be set and unique within the ring (got '{entry.Id}')";
            }

            if (string.IsNullOrEmpty(entry.Key))
            {
                yield return $"{key}:Key must be set";
            }
            else if (KeyProblem($"{key}:Key", entry.Key) is { } entryProblem)
            {
                yield return entryProblem;
            }
        }
    }
}
