using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>--ca-file</c> / <c>RECSYS_CA_FILE</c>: a grid whose HTTPS certificate comes from a private certificate authority.
/// The PEM file's certificates become the only trusted roots for the grid's certificate (as curl's <c>--cacert</c>);
/// the host name is still checked.
/// </summary>
internal static class CaTrust
{
    public const string EnvironmentVariable = "RECSYS_CA_FILE";

    /// <summary>A handler trusting only the authorities in <paramref name="caFile"/>; null (the system's roots) without one.</summary>
    public static SocketsHttpHandler? HandlerFor(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile))
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException($"--ca-file {caFile}: cannot read it as PEM certificates ({ex.Message})");
        }

        if (roots.Count == 0)
        {
            throw new CliException($"--ca-file {caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        // A private authority rarely publishes revocation lists; with online checking every call would fail on them.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
    }
}
