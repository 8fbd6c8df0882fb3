using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.TestSupport;

/// <summary>
/// A certificate authority made in the test, and certificates it issues: as PEM text (<see cref="IssueServer"/>), or as
/// PEM files laid out as <c>Recsys:Tls</c> reads them (<see cref="Issue"/>, <see cref="Settings"/>) in a folder deleted
/// on dispose. One helper for every test that needs TLS: HTTPS, recsysctl's CA file, Orleans mTLS, PostgreSQL TLS.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2 _root;
    private readonly DirectoryInfo _folder;
    private int _crlNumber;

    public TestCertificateAuthority(string name)
    {
        _folder = Directory.CreateTempSubdirectory("recsys-ca-");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CaPath = Path.Combine(_folder.FullName, "ca.pem");
        CrlPath = Path.Combine(_folder.FullName, "ca.crl.pem");
        File.WriteAllText(CaPath, RootPem);
    }

    /// <summary>Where <see cref="WriteRevocationList"/> writes this CA's revocation list (PEM), what <c>Recsys:Tls:CrlPath</c> names.</summary>
    public string CrlPath { get; }

    /// <summary>The CA's certificate as PEM text.</summary>
    public string RootPem => _root.ExportCertificatePem();

    /// <summary>The CA's certificate (PEM), what <c>Recsys:Tls:CaPath</c> names.</summary>
    public string CaPath { get; }

    /// <summary>A server certificate for <paramref name="dnsName"/> (its only subject alternative name) and its private key.</summary>
    public (string CertificatePem, string KeyPem) IssueServer(string dnsName) =>
        Create(dnsName, [ServerAuth], withLoopbackAddress: false);

    /// <summary>Issues a certificate for <paramref name="name"/>, any <paramref name="otherDnsNames"/> and 127.0.0.1
    /// (usable as TLS server and client) and writes its PEM files, the key owner-only.</summary>
    public (string CertificatePath, string KeyPath) Issue(string name, params string[] otherDnsNames)
    {
        var (certificate, key) = Create(name, [ServerAuth, ClientAuth], withLoopbackAddress: true, otherDnsNames);
        var certificatePath = Path.Combine(_folder.FullName, $"{name}.crt.pem");
        var keyPath = Path.Combine(_folder.FullName, $"{name}.key.pem");
        File.WriteAllText(certificatePath, certificate);
        WriteOwnerOnly(keyPath, key);
        return (certificatePath, keyPath);
    }

    /// <summary>Signs and writes to <see cref="CrlPath"/> a revocation list of this CA that revokes the certificates in
    /// <paramref name="certificatePaths"/> (PEM files it issued); none writes an empty list.</summary>
    public string WriteRevocationList(params string[] certificatePaths)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var path in certificatePaths)
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        var der = builder.Build(_root, ++_crlNumber, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256);
        File.WriteAllText(CrlPath, PemEncoding.WriteString("X509 CRL", der));
        return CrlPath;
    }

    /// <summary>An HTTP client that trusts this CA only (and still checks the host name).</summary>
    public HttpClient TrustingClient(string baseAddress)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_root);
        var handler = new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
        return new HttpClient(handler) { BaseAddress = new Uri(baseAddress) };
    }

    /// <summary><c>Recsys:Tls</c> settings for a process holding <paramref name="name"/>'s certificate and trusting
    /// <paramref name="trusted"/> (this CA unless another is given).</summary>
    public Dictionary<string, string?> Settings(string name, TestCertificateAuthority? trusted = null)
    {
        var (certificate, key) = Issue(name);
        return new Dictionary<string, string?>
        {
            ["Recsys:Tls:CertificatePath"] = certificate,
            ["Recsys:Tls:KeyPath"] = key,
            ["Recsys:Tls:CaPath"] = (trusted ?? this).CaPath,
        };
    }

    private (string CertificatePem, string KeyPem) Create(string name, Oid[] usages, bool withLoopbackAddress, params string[] otherDnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        foreach (var other in otherDnsNames)
        {
            names.AddDnsName(other);
        }

        if (withLoopbackAddress)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(16));
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(text);
    }

    public void Dispose()
    {
        _root.Dispose();
        _folder.Delete(true);
    }
}
