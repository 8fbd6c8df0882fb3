using System.Collections;
using OrleansRecsys.Security;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>token</c>: mints a token signed with one of the grid's HS256 keys. Prints the token only, or with <c>--out</c> writes
/// it to an owner-only file. Lifetimes are capped at <see cref="TokenDefaults.MaxLifetimeDays"/> days, as the grid enforces.
/// </summary>
internal static class TokenCommand
{
    public const string KeyEnvironmentVariable = "RECSYS__AUTH__SIGNINGKEY";

    private static readonly string[] KnownRoles = [Roles.Score, Roles.Read, Roles.Ingest, Roles.Admin];

    public static Task<int> RunAsync(CliContext ctx)
    {
        ctx.Args.Allow("sub", "roles", "days", "key-file", "key-id", "out");
        ctx.Args.MaxPositionals(1);
        var roles = ctx.Args.List("roles") ?? [Roles.Admin];
        var unknown = roles.FirstOrDefault(r => Array.IndexOf(KnownRoles, r) < 0);
        if (roles.Length == 0 || unknown is not null)
        {
            throw new UsageException($"--roles takes a comma-separated list of {string.Join(", ", KnownRoles)} (got '{unknown ?? ""}')");
        }

        var days = Days(ctx.Args);
        var subject = ctx.Args.Option("sub") ?? (string.IsNullOrEmpty(Environment.UserName) ? "recsysctl" : Environment.UserName);
        var key = ResolveKey(ctx.Args.Option("key-file"), DevKeyFile());
        var signingKey = ctx.Args.Option("key-id") is { Length: > 0 } id ? new HmacKey(id, key) : HmacKey.WithDerivedId(key);
        var token = TokenMinter.Mint(signingKey, TokenDefaults.Issuer, TokenDefaults.Audience, subject, roles, TimeSpan.FromDays(days));
        if (ctx.Args.Option("out") is { Length: > 0 } outFile)
        {
            SigningKeys.WriteSecret(outFile, token);
            ctx.Error.WriteLine($"token written to {outFile} (owner-only); use it with --token-file {outFile}");
        }
        else
        {
            ctx.Out.WriteLine(token);
        }

        return Task.FromResult(0);
    }

    /// <summary>--days, 1..7: a longer lifetime is refused here rather than by the grid at the first call.</summary>
    private static int Days(Args args)
    {
        var days = args.Int("days", TokenDefaults.MaxLifetimeDays, 1, 36500);
        return days <= TokenDefaults.MaxLifetimeDays
            ? days
            : throw new UsageException(
                $"--days {days} is longer than tokens may live ({TokenDefaults.MaxLifetimeDays} days at most, and the grid refuses longer ones); mint a new token when it expires");
    }

    /// <summary>The key file in the nearest .recsys/ directory, else the default path (whose absence is then reported).</summary>
    private static string DevKeyFile() =>
        TokenFiles.Nearest(Directory.GetCurrentDirectory(), TokenDefaults.KeyFileName) ?? TokenDefaults.DevKeyFile;

    /// <summary>--key-file, else RECSYS__AUTH__SIGNINGKEY (as the grid decodes it), else the dev key file (base64).</summary>
    private static byte[] ResolveKey(string? keyFile, string devKeyFile)
    {
        byte[] key;
        string source;
        if (keyFile is null && EnvironmentKey() is { } fromEnv)
        {
            (key, source) = (SigningKeys.Decode(fromEnv), KeyEnvironmentVariable);
        }
        else
        {
            var path = keyFile ?? devKeyFile;
            if (!File.Exists(path))
            {
                throw new CliException($"no signing key: {path} does not exist and {KeyEnvironmentVariable} is not set (start the grid once, or pass --key-file)");
            }

            try
            {
                (key, source) = (SigningKeys.ReadDevKeyFile(path), path);
            }
            catch (FormatException)
            {
                throw new CliException($"{path} must hold the signing key in base64");
            }
        }

        return key.Length >= SigningKeys.MinBytes
            ? key
            : throw new CliException($"the signing key from {source} is {key.Length} bytes; at least {SigningKeys.MinBytes} are required");
    }

    /// <summary>The key variable, matched without regard to case as .NET configuration does.</summary>
    private static string? EnvironmentKey()
    {
        if (Environment.GetEnvironmentVariable(KeyEnvironmentVariable) is { Length: > 0 } exact)
        {
            return exact;
        }

        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (string.Equals((string)e.Key, KeyEnvironmentVariable, StringComparison.OrdinalIgnoreCase) && e.Value is string { Length: > 0 } v)
            {
                return v;
            }
        }

        return null;
    }
}
