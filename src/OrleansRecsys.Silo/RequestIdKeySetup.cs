using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Where a silo's request id key comes from: <c>Recsys:Grid:RequestIdKey</c>; else, in the local profile, the
/// development key file or a key per run. A cluster signs on one silo and verifies on another, so its profile refuses
/// to start without the configured key. Messages name the key, never its value.
/// </summary>
internal static class RequestIdKeySetup
{
    public const string KeyName = GridOptions.Section + ":RequestIdKey";
    public const string FileKeyName = GridOptions.Section + ":RequestIdKeyFile";

    /// <summary>Registers the signer for the configured key before the grid adds its per-run default.</summary>
    public static void AddRequestIdSigner(this WebApplicationBuilder builder, string profile)
    {
        var key = Resolve(builder.Configuration, profile);
        if (key is not null)
        {
            builder.Services.AddSingleton(new RequestIdSigner(key));
        }
    }

    /// <summary>The key bytes, or null for a key per run; an <see cref="OptionsValidationException"/> naming the key
    /// when it is missing in the cluster profile, not decodable or too short.</summary>
    internal static byte[]? Resolve(IConfiguration configuration, string profile)
    {
        var configured = configuration[KeyName];
        if (!string.IsNullOrEmpty(configured))
        {
            return Checked(KeyName, () => SigningKeys.Decode(configured));
        }

        if (profile == RecsysProfile.Cluster)
        {
            throw Failure($"{KeyName} must be set in the {RecsysProfile.Cluster} profile: at least {RequestIdSigner.MinKeyBytes} bytes, "
                + "the same on every silo (request ids are signed by the silo that ranks and checked by the one that ingests)");
        }

        var file = configuration[FileKeyName];
        return string.IsNullOrEmpty(file) ? null : Checked(FileKeyName, () => SigningKeys.ReadOrCreateDevKeyFile(file));
    }

    private static byte[] Checked(string name, Func<byte[]> read)
    {
        byte[] key;
        try
        {
            key = read();
        }
        catch (FormatException)
        {
            throw Failure($"{name} is not valid base64");
        }

        return key.Length >= RequestIdSigner.MinKeyBytes
            ? key
            : throw Failure($"{name} is {key.Length} bytes; at least {RequestIdSigner.MinKeyBytes} are required");
    }

    private static OptionsValidationException Failure(string message) =>
        new(GridOptions.Section, typeof(GridOptions), [message]);
}
