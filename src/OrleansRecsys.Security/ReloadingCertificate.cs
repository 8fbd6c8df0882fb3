using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.Security;

/// <summary>
/// A certificate and its private key from PEM files, kept current: read at start, and read again on the next use after
/// either file's real location, modification time or size changed, so a renewed certificate (cert-manager, a rotation by hand) is
/// presented on new connections without a restart. Files caught between two writes (a new certificate beside the old
/// key) do not load; the previous certificate stays in use until the pair matches again.
/// </summary>
public sealed class ReloadingCertificate
{
    /// <summary>Links followed before a path is taken as it is (as the system's own limit on link loops).</summary>
    private const int MaxLinkHops = 40;

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly Lock _reload = new();
    private volatile Loaded _loaded;

    private ReloadingCertificate(string certificatePath, string keyPath, Loaded loaded) =>
        (_certificatePath, _keyPath, _loaded) = (certificatePath, keyPath, loaded);

    /// <summary>Reads the pair; <see cref="CryptographicException"/> when they are not a PEM certificate and its key.</summary>
    public static ReloadingCertificate Load(string certificatePath, string keyPath) =>
        new(certificatePath, keyPath, new Loaded(Stamp(certificatePath, keyPath), Read(certificatePath, keyPath), Chain(certificatePath)));

    /// <summary>The certificates after the first in the certificate file (the chain to present with it), as last loaded.</summary>
    public X509Certificate2Collection Intermediates => _loaded.Intermediates;

    /// <summary>The certificate the files hold now (or the last pair that loaded).</summary>
    public X509Certificate2 Current
    {
        get
        {
            var loaded = _loaded;
            var stamp = SafeStamp() ?? loaded.Stamp;
            if (stamp == loaded.Stamp)
            {
                return loaded.Certificate;
            }

            lock (_reload)
            {
                if (stamp != _loaded.Stamp)
                {
                    _loaded = TryRead(stamp) ?? _loaded with { Stamp = stamp };
                }

                return _loaded.Certificate;
            }
        }
    }

    private static X509Certificate2 Read(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Re-imported from PKCS#12 so the key is a persisted one: some platforms' TLS stacks refuse an ephemeral key.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2Collection Chain(string certificatePath)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        return intermediates;
    }

    private Loaded? TryRead(Stamps stamp)
    {
        try
        {
            return new Loaded(stamp, Read(_certificatePath, _keyPath), Chain(_certificatePath));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A pair mid-replacement: the next write of the other file changes the stamp again and is read then.
            return null;
        }
    }

    private Stamps? SafeStamp()
    {
        try
        {
            return Stamp(_certificatePath, _keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Stamps Stamp(string certificatePath, string keyPath)
    {
        var (certificate, key) = (new FileInfo(RealPath(certificatePath)), new FileInfo(RealPath(keyPath)));
        return new Stamps(certificate.FullName, certificate.LastWriteTimeUtc, certificate.Length, key.FullName, key.LastWriteTimeUtc, key.Length);
    }

    /// <summary>What tells one version of the two files from the next: where they are in the end (a swapped folder is a
    /// new version even when its files have the old ones' times and sizes), their modification times and sizes.</summary>
    private sealed record Stamps(string Certificate, DateTime CertificateModified, long CertificateLength, string Key, DateTime KeyModified, long KeyLength);

    /// <summary>A certificate with the file versions it was read from, swapped as one reference.</summary>
    private sealed record Loaded(Stamps Stamp, X509Certificate2 Certificate, X509Certificate2Collection Intermediates);

    /// <summary>The file a path names in the end, every symbolic link on the way followed (folders included): a mounted
    /// Kubernetes Secret is a link through a folder link (<c>..data</c>) that the kubelet swaps, so neither link's own
    /// times change, and the new files may carry the old ones' times and sizes.</summary>
    private static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        if (hops > MaxLinkHops || Path.GetDirectoryName(full) is not { } folder)
        {
            return full;
        }

        var candidate = Path.Combine(RealPath(folder, hops), Path.GetFileName(full));
        return new FileInfo(candidate).LinkTarget is { } target
            ? RealPath(Path.Combine(Path.GetDirectoryName(candidate)!, target), hops + 1)
            : candidate;
    }
}
