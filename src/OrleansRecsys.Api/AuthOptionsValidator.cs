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

        if (SigningKeyProblem(options) is { } keyProblem)
        {
            failures.Add(keyProblem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? SigningKeyProblem(AuthOptions options)
    {
        if (options.SigningKey is null)
        {
            return options.IsProduction
                ? $"Recsys:Auth:SigningKey must be set to at least {SigningKeys.MinBytes} bytes in production mode"
                : null;
        }

        byte[] key;
        try
        {
            key = SigningKeys.Decode(options.SigningKey);
        }
        catch (FormatException)
        {
            return "Recsys:Auth:SigningKey starts with 'base64:' but the rest is not valid base64";
        }

        return key.Length < SigningKeys.MinBytes
            ? $"Recsys:Auth:SigningKey is {key.Length} bytes; at least {SigningKeys.MinBytes} are required"
            : null;
    }
}
