using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OrleansRecsys.TestSupport;

/// <summary>
/// A certificate authority made for one test and a server certificate it signed (for <c>localhost</c>, 127.0.0.1 and <see cref="HostName"/>),
/// written as PEM files to an owner-only temporary directory, as an operator's private CA would hand them out.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    /// <summary>A name the server certificate also holds, for requests whose Host header must not be loopback.</summary>
    public const string HostName = "grid.test";

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaPath => Path.Combine(Directory, "ca.pem");
    public string CertificatePath => Path.Combine(Directory, "server.pem");
    public string KeyPath => Path.Combine(Directory, "server.key");

    /// <summary>The CA certificate, to trust it in a client.</summary>
    public X509Certificate2 Ca { get; private set; } = null!;

    public static TestCertificates Create(string subject = "recsys-test")
    {
        var store = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("recsys-pki-").FullName);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={subject} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        store.Ca = X509CertificateLoader.LoadCertificate(ca.RawData);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject} server", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(HostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var server = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(store.CaPath, ca.ExportCertificatePem());
        File.WriteAllText(store.CertificatePath, server.ExportCertificatePem());
        WriteOwnerOnly(store.KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return store;
    }

    /// <summary>An HTTP client that trusts this CA only (and still checks the host name).</summary>
    public HttpClient TrustingClient(string baseAddress)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Ca);
        var handler = new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
        return new HttpClient(handler) { BaseAddress = new Uri(baseAddress) };
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(text));
    }

    public void Dispose()
    {
        Ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
