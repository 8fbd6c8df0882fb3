using System.Net;
using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Checks <c>Recsys:Tls</c> for the Orleans links of this process: the three paths go together and name files, and the
/// cluster profile (the production one) does not open Orleans links beyond this host in plaintext unless
/// <c>Recsys:Tls:AllowPlaintext=true</c> says so. Without TLS, anyone who reaches the silo or gateway port can call
/// any grain, past every HTTP role.
/// </summary>
internal sealed class OrleansTlsValidator(StartupSettings settings) : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var problems = OrleansTlsMaterial.Problems(options);
        if (problems.Count > 0)
        {
            return ValidateOptionsResult.Fail(problems);
        }

        if (settings.Profile == RecsysProfile.Cluster && !options.IsConfigured && !options.AllowPlaintext && LeavesHost(settings.Host, settings.Storage))
        {
            return ValidateOptionsResult.Fail(
                $"{RecsysProfile.Key}={RecsysProfile.Cluster} with Orleans links beyond this host ({StorageOptions.Section}:Clustering=postgres, " +
                $"{RecsysHostOptions.Section}:AdvertisedIp='{settings.Host.AdvertisedIp}' is not a loopback address) needs mutual TLS: " +
                $"set {TlsOptions.Section}:CertificatePath, {TlsOptions.Section}:KeyPath and {TlsOptions.Section}:CaPath, " +
                $"or {TlsOptions.Section}:AllowPlaintext=true to run them in plaintext on purpose");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>
    /// Whether this process's Orleans links reach past loopback: with the membership table, unless the advertised address
    /// is a loopback one (the silo then listens on loopback only, and a gateway declares its silos local).
    /// </summary>
    public static bool LeavesHost(RecsysHostOptions host, StorageOptions storage) =>
        storage.UsesPostgresClustering && !IsLoopback(host.AdvertisedIp);

    public static bool IsLoopback(string? address) => IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip);
}
