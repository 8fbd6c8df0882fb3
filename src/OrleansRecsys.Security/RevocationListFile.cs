using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.Security;

/// <summary>
/// A CRL file (<c>Recsys:Tls:CrlPath</c>) kept current: read at start, where a bad file stops the process, and read
/// again whenever its modification time or size changes, so publishing a new list revokes without a restart. A new
/// version that cannot be read or verified (half written, from another CA) leaves the previous list in force.
/// </summary>
public sealed class RevocationListFile
{
    private readonly string _path;
    private readonly X509Certificate2Collection _authority;
    private readonly Lock _reload = new();
    private volatile FileVersion _stamp;
    private volatile CertificateRevocationList _current;

    private RevocationListFile(string path, X509Certificate2Collection authority, FileVersion stamp, CertificateRevocationList current)
    {
        (_path, _authority, _stamp, _current) = (path, authority, stamp, current);
    }

    /// <summary>The file's lists; <see cref="CryptographicException"/> or <see cref="IOException"/> when unusable.</summary>
    public static RevocationListFile Load(string path, X509Certificate2Collection authority)
    {
        var stamp = Stamp(path);
        return new RevocationListFile(path, authority, stamp, CertificateRevocationList.Parse(File.ReadAllBytes(path), authority));
    }

    /// <summary>The lists in force: the file's newest readable version.</summary>
    public CertificateRevocationList Current
    {
        get
        {
            var stamp = SafeStamp();
            if (stamp == _stamp)
            {
                return _current;
            }

            lock (_reload)
            {
                if (stamp != _stamp)
                {
                    _current = TryRead() ?? _current;
                    _stamp = stamp;
                }

                return _current;
            }
        }
    }

    private CertificateRevocationList? TryRead()
    {
        try
        {
            return CertificateRevocationList.Parse(File.ReadAllBytes(_path), _authority);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Keep the list in force: a file caught half written is read again once its next write lands.
            return null;
        }
    }

    private FileVersion SafeStamp()
    {
        try
        {
            return Stamp(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return _stamp;
        }
    }

    private static FileVersion Stamp(string path)
    {
        var file = Resolved(path);
        return new FileVersion(file.LastWriteTimeUtc, file.Length);
    }

    /// <summary>What tells one version of the file from the next (a reference, so readers never see half of it).</summary>
    private sealed record FileVersion(DateTime Modified, long Length);

    /// <summary>The file a path names in the end: a mounted Kubernetes Secret is a symbolic link into a folder the kubelet
    /// swaps, so the link's own times never change, the target's do.</summary>
    private static FileInfo Resolved(string path)
    {
        var file = new FileInfo(path);
        return file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
    }
}
