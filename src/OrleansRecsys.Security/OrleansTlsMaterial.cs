using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Security;

/// <summary>
/// The PEM material of <see cref="TlsOptions"/> loaded once at start: this process's certificate with its key, and
/// the certificate authority a peer's certificate must chain to. The authority is the only root trusted on the Orleans
/// links; the system store is never consulted, so a certificate from any public CA is as foreign as a self-made one.
/// </summary>
public sealed class OrleansTlsMaterial
{
    private OrleansTlsMaterial(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

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

        return paths.Where(p => !File.Exists(p.Value)).Select(p => $"{p.Key}: no such file '{p.Value}'").ToList();
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

        return new OrleansTlsMaterial(ReadCertificate(tls), ReadAuthority(tls));
    }

    /// <summary>
    /// Whether <paramref name="peer"/> chains to <see cref="Authority"/> and is valid now. The intermediates the peer
    /// sent (<paramref name="presented"/>) help build the chain but are never trusted as roots. Names are not checked:
    /// silos are dialled by IP address, so membership of the cluster is proven by the issuing CA, not by a host name.
    /// </summary>
    public bool Trusts(X509Certificate2 peer, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        // The grid's own CA publishes no revocation list; a compromised certificate is answered by rotating the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(peer);
    }

    private static X509Certificate2 ReadCertificate(TlsOptions tls)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath);
            // Re-imported from PKCS#12 so the key is a persisted one: some platforms' TLS stacks refuse an ephemeral key.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
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
