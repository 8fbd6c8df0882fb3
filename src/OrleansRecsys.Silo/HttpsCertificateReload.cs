using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Serves HTTPS and gRPC with the PEM certificate files as they are now: whenever Kestrel is about to present a
/// certificate it loaded at start from <c>Kestrel:Certificates:Default</c> or an endpoint's <c>Certificate</c>
/// (<c>Path</c> + <c>KeyPath</c>), the handshake gets the files' current pair instead (<see cref="ReloadingCertificate"/>).
/// A renewed certificate is so served on the next connection, with no restart and no rebinding: Kestrel's own file
/// watcher, which answers a change by unbinding and binding the endpoint again (refusing connections meanwhile), is
/// turned off.
/// </summary>
internal sealed class HttpsCertificateReload
{
    /// <summary>Kestrel's switch for its own certificate file watching (read once per process, when Kestrel's options
    /// type is first used).</summary>
    public const string KestrelWatchingSwitch = "Microsoft.AspNetCore.Server.Kestrel.DisableCertificateFileWatching";

    private readonly Dictionary<string, ReloadingCertificate> _byStartThumbprint;
    private readonly ConcurrentDictionary<string, SslStreamCertificateContext> _contexts = new();

    private HttpsCertificateReload(Dictionary<string, ReloadingCertificate> byStartThumbprint) => _byStartThumbprint = byStartThumbprint;

    /// <summary>The reload of every PEM certificate in Kestrel's configuration, or null when it names none.</summary>
    public static HttpsCertificateReload? From(IConfiguration configuration, string contentRoot)
    {
        var reloading = new Dictionary<string, ReloadingCertificate>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, keyPath) in PemCertificates(configuration, contentRoot))
        {
            try
            {
                var certificate = ReloadingCertificate.Load(path, keyPath);
                reloading[certificate.Current.Thumbprint] = certificate;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException)
            {
                // Kestrel reads the same files at start and stops the process with its own message naming the endpoint.
            }
        }

        return reloading.Count == 0 ? null : new HttpsCertificateReload(reloading);
    }

    /// <summary>Swaps a certificate Kestrel chose from files for those files' current pair (with the chain their
    /// certificate file holds).</summary>
    public void OnAuthenticate(ConnectionContext connection, SslServerAuthenticationOptions options)
    {
        var chosen = options.ServerCertificateContext?.TargetCertificate ?? options.ServerCertificate as X509Certificate2;
        if (chosen is null || !_byStartThumbprint.TryGetValue(chosen.Thumbprint, out var files))
        {
            return;
        }

        var current = files.Current;
        if (current.Thumbprint.Equals(chosen.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        options.ServerCertificate = null;
        options.ServerCertificateContext = _contexts.GetOrAdd(current.Thumbprint, _ => SslStreamCertificateContext.Create(current, files.Intermediates, offline: true));
    }

    /// <summary>Every certificate Kestrel's configuration names by PEM files (certificate and key), as full paths.</summary>
    private static IEnumerable<(string Path, string KeyPath)> PemCertificates(IConfiguration configuration, string contentRoot)
    {
        var sections = new List<IConfigurationSection> { configuration.GetSection("Kestrel:Certificates:Default") };
        sections.AddRange(configuration.GetSection(HttpEndpointSetup.EndpointsSection).GetChildren().Select(e => e.GetSection("Certificate")));
        foreach (var section in sections)
        {
            if (section["Path"] is { Length: > 0 } path && section["KeyPath"] is { Length: > 0 } keyPath)
            {
                yield return (Path.Combine(contentRoot, path), Path.Combine(contentRoot, keyPath));
            }
        }
    }
}
