using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Silo;

/// <summary>
/// The profile: which <c>silo-config/{profile}.json</c> a process starts from. <c>local</c> is the embedded default
/// (one silo, memory storage, in-process Kafka, demo model and traffic); <c>cluster</c> is PostgreSQL and a real broker.
/// It is chosen by <c>Recsys:Profile</c> (command line, <c>RECSYS__PROFILE</c> or the host's overrides), else the
/// <c>RECSYS_PROFILE</c> environment variable, else <c>local</c>.
/// </summary>
public static class RecsysProfile
{
    public const string Key = "Recsys:Profile";
    public const string EnvironmentVariable = "RECSYS_PROFILE";
    public const string Local = "local";
    public const string Cluster = "cluster";

    /// <summary>The profile named before its file is read: the overrides win, as they do for every other key.</summary>
    public static string Select(IConfiguration configuration, IDictionary<string, string?>? overrides) =>
        (overrides is not null && overrides.TryGetValue(Key, out var overridden) ? overridden : null)
        ?? configuration[Key]
        ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
        ?? Local;

    /// <summary>The profile's file in <paramref name="configDirectory"/>; a name with no file stops the start, naming the key.</summary>
    public static string File(string configDirectory, string profile)
    {
        var path = Path.Combine(configDirectory, $"{profile}.json");
        if (profile.IndexOfAny(['/', '\\']) >= 0 || !System.IO.File.Exists(path))
        {
            throw new OptionsValidationException(Key, typeof(RecsysProfile),
                [$"{Key} (or {EnvironmentVariable}) must name a file in {configDirectory}: '{Local}' or '{Cluster}' (got '{profile}')"]);
        }

        return path;
    }
}
