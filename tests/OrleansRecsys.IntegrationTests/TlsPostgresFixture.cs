using OrleansRecsys.TestSupport;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A private PostgreSQL with <c>ssl = on</c>, serving a certificate for <c>localhost</c> issued by a CA made for the
/// test, plus the PEM files of that CA's root and of an unrelated CA's root.
/// </summary>
public sealed class TlsPostgresFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("recsys-pg-tls-");
    private PrivatePostgres? _server;

    public PrivatePostgres Server => _server ?? throw new InvalidOperationException("not started");

    public string RootPath => Path.Combine(_files.FullName, "root.pem");

    public string WrongRootPath => Path.Combine(_files.FullName, "wrong-root.pem");

    public async Task InitializeAsync()
    {
        using var ca = new TestCertificateAuthority("recsys test CA");
        using var other = new TestCertificateAuthority("some other CA");
        await File.WriteAllTextAsync(RootPath, ca.RootPem);
        await File.WriteAllTextAsync(WrongRootPath, other.RootPem);
        var (certificate, key) = ca.IssueServer("localhost");
        _server = await PrivatePostgres.StartAsync();
        await _server.EnableTlsAsync(certificate, key);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Delete(recursive: true);
    }
}
