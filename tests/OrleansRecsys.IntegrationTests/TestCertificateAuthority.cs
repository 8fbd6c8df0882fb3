using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A certificate authority made in the test, and PEM files of certificates it issues, laid out as
/// <c>Recsys:Tls</c> reads them (certificate, key, CA), in a folder deleted on dispose.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2 _root;
    private readonly DirectoryInfo _folder;

    public TestCertificateAuthority(string name)
    {
        _folder = Directory.CreateTempSubdirectory($"recsys-ca-{name}-");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CaPath = Path.Combine(_folder.FullName, "ca.pem");
        File.WriteAllText(CaPath, _root.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM), what <c>Recsys:Tls:CaPath</c> names.</summary>
    public string CaPath { get; }

    /// <summary>Issues a certificate for <paramref name="name"/> (usable as TLS server and client) and writes its PEM files.</summary>
    public (string CertificatePath, string KeyPath) Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        var certificatePath = Path.Combine(_folder.FullName, $"{name}.crt.pem");
        var keyPath = Path.Combine(_folder.FullName, $"{name}.key.pem");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
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

    public void Dispose()
    {
        _root.Dispose();
        _folder.Delete(true);
    }
}
