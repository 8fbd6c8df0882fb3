using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Security;

/// <summary>
/// The PEM material of <see cref="TlsOptions"/>: this process's certificate with its key (read again when its files
/// change), the certificate authority a peer's certificate must chain to (read once, at start), and the revocation lists
/// a peer's certificate must not be on. The authority is the only root trusted on the Orleans
/// links; the system store is never consulted, so a certificate from any public CA is as foreign as a self-made one.
/// </summary>
public sealed class OrleansTlsMaterial
{
    private readonly RevocationListFile? _revocations;
    private readonly X509RevocationMode _revocationMode;

    private readonly ReloadingCertificate _certificate;

    private OrleansTlsMaterial(ReloadingCertificate certificate, X509Certificate2Collection authority, RevocationListFile? revocations, X509RevocationMode revocationMode)
    {
        _certificate = certificate;
        Authority = authority;
        _revocations = revocations;
        _revocationMode = revocationMode;
    }

    /// <summary>This process's certificate, with its private key: the files' current pair, so a renewed certificate is
    /// presented on the next connection without a restart.</summary>
    public X509Certificate2 Certificate => _certificate.Current;

    /// <summary>The certificates of <see cref="TlsOptions.CaPath"/>: during a CA rotation, the old and the new one.</summary>
    public X509Certificate2Collection Authority { get; }

    /// <summary>What is wrong with <paramref name="tls"/>, each message naming its key; empty when usable or unset.</summary>
    public static IReadOnlyList<string> Problems(TlsOptions tls)
    {
        var paths = Paths(tls);
        var given = paths.Where(p => !string.IsNullOrWhiteSpace(p.Value)).ToList();
        if (given.Count == 0)
        {
            return [];
        }

        if (given.Count < paths.Length)
        {
            return [$"{string.Join(", ", paths.Select(p => p.Key))} go together: set all three or none " +
                    $"(missing {string.Join(", ", paths.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key))})"];
        }

        return paths.Append(new(Key(nameof(TlsOptions.CrlPath)), tls.CrlPath))
            .Where(p => !string.IsNullOrWhiteSpace(p.Value) && !File.Exists(p.Value)).Select(p => $"{p.Key}: no such file '{p.Value}'").ToList();
    }

    /// <summary>Reads the files of <paramref name="tls"/>; an unusable setting throws, naming its key.</summary>
    public static OrleansTlsMaterial Load(TlsOptions tls)
    {
        var problems = Problems(tls);
        if (problems.Count == 0 && !tls.IsConfigured)
        {
            problems = [$"{Key(nameof(TlsOptions.CertificatePath))}, {Key(nameof(TlsOptions.KeyPath))} and {Key(nameof(TlsOptions.CaPath))} are required for TLS"];
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(TlsOptions.Section, typeof(TlsOptions), problems);
        }

        var authority = ReadAuthority(tls);
        return new OrleansTlsMaterial(ReadCertificate(tls), authority, ReadRevocations(tls, authority), tls.RevocationMode);
    }

    /// <summary>
    /// Whether <paramref name="peer"/> chains to <see cref="Authority"/>, is valid now and is not revoked (by the lists of
    /// <see cref="TlsOptions.CrlPath"/>, and by the platform's check under <see cref="TlsOptions.RevocationMode"/>). The
    /// intermediates the peer sent (<paramref name="presented"/>) help build the chain but are never trusted as roots.
    /// Names are not checked: silos are dialled by IP address, so membership of the cluster is proven by the issuing
    /// CA, not by a host name.
    /// </summary>
    public bool Trusts(X509Certificate2 peer, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = _revocationMode;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(peer) && !IsRevoked(chain);
    }

    /// <summary>Whether a list of <see cref="TlsOptions.CrlPath"/> revokes a certificate of the built chain below its root.</summary>
    private bool IsRevoked(X509Chain chain)
    {
        if (_revocations is null)
        {
            return false;
        }

        var lists = _revocations.Current;
        for (var i = 0; i < chain.ChainElements.Count - 1; i++)
        {
            if (lists.Revokes(chain.ChainElements[i].Certificate))
            {
                return true;
            }
        }

        return false;
    }

    private static ReloadingCertificate ReadCertificate(TlsOptions tls)
    {
        try
        {
            return ReloadingCertificate.Load(tls.CertificatePath!, tls.KeyPath!);
        }
        catch (CryptographicException e)
        {
            throw Invalid($"{Key(nameof(TlsOptions.CertificatePath))} and {Key(nameof(TlsOptions.KeyPath))} must be a PEM certificate and its PEM private key: {e.Message}");
        }
    }

    private static X509Certificate2Collection ReadAuthority(TlsOptions tls)
    {
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPemFile(tls.CaPath!);
        }
        catch (CryptographicException e)
        {
            throw Invalid($"{Key(nameof(TlsOptions.CaPath))} must hold PEM certificates: {e.Message}");
        }

        return authority.Count > 0 ? authority : throw Invalid($"{Key(nameof(TlsOptions.CaPath))} holds no PEM certificate");
    }

    private static RevocationListFile? ReadRevocations(TlsOptions tls, X509Certificate2Collection authority)
    {
        if (string.IsNullOrWhiteSpace(tls.CrlPath))
        {
            return null;
        }

        try
        {
            return RevocationListFile.Load(tls.CrlPath, authority);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw Invalid($"{Key(nameof(TlsOptions.CrlPath))} must hold revocation lists (PEM or DER) signed by the CA of {Key(nameof(TlsOptions.CaPath))}: {e.Message}");
        }
    }

    private static KeyValuePair<string, string?>[] Paths(TlsOptions tls) =>
    [
        new(Key(nameof(TlsOptions.CertificatePath)), tls.CertificatePath),
        new(Key(nameof(TlsOptions.KeyPath)), tls.KeyPath),
        new(Key(nameof(TlsOptions.CaPath)), tls.CaPath),
    ];

    private static OptionsValidationException Invalid(string message) =>
        new(TlsOptions.Section, typeof(TlsOptions), [message]);

    private static string Key(string property) => $"{TlsOptions.Section}:{property}";
}
