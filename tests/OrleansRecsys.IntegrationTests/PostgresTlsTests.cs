using System.Security.Authentication;
using Npgsql;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The grid's PostgreSQL connection strings (grain storage and clustering pools) against a server with TLS on and a
/// certificate from a CA made in the test: <c>SSL Mode=VerifyFull</c> with the right <c>Root Certificate</c> connects
/// over TLS; the wrong root, or a host name the certificate does not name, is refused before any query runs.
/// </summary>
public sealed class PostgresTlsTests(TlsPostgresFixture fixture) : IClassFixture<TlsPostgresFixture>
{
    private string Configured(string host, string sslMode, string root) =>
        $"Host={host};Port={fixture.Server.Port};Username=postgres;Database=postgres;SSL Mode={sslMode};Root Certificate={root}";

    private static StorageOptions Storage(string connectionString) =>
        new() { Provider = StorageOptions.Postgres, Clustering = StorageOptions.Postgres, ConnectionString = connectionString };

    /// <summary>Opens a connection and answers whether this session is encrypted, as the server sees it.</summary>
    private static async Task<bool> SessionUsesTlsAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", conn);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Verify_full_with_the_right_root_connects_over_tls_in_both_pools()
    {
        var storage = Storage(Configured("localhost", "VerifyFull", fixture.RootPath));
        Assert.True(await SessionUsesTlsAsync(PostgresConnections.ForGrainStorage(storage)));
        Assert.True(await SessionUsesTlsAsync(PostgresConnections.ForClustering(storage)));
    }

    [Fact]
    public async Task Verify_full_with_the_wrong_root_is_refused()
    {
        var storage = Storage(Configured("localhost", "VerifyFull", fixture.WrongRootPath));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SessionUsesTlsAsync(PostgresConnections.ForGrainStorage(storage)));
        Assert.IsAssignableFrom<AuthenticationException>(error is NpgsqlException { InnerException: { } inner } ? inner : error);
    }

    [Fact]
    public async Task Verify_full_checks_the_host_name_which_verify_ca_does_not()
    {
        // The certificate names localhost only; 127.0.0.1 is the same server under a name it does not carry.
        var full = Storage(Configured("127.0.0.1", "VerifyFull", fixture.RootPath));
        await Assert.ThrowsAnyAsync<Exception>(() => SessionUsesTlsAsync(PostgresConnections.ForGrainStorage(full)));

        var caOnly = Storage(Configured("127.0.0.1", "VerifyCA", fixture.RootPath));
        Assert.True(await SessionUsesTlsAsync(PostgresConnections.ForGrainStorage(caOnly)));
    }

    [Fact]
    public void A_root_certificate_that_does_not_exist_fails_at_start_naming_the_key()
    {
        var storage = Storage(Configured("localhost", "VerifyFull", "/nonexistent/root.pem"));
        var result = new StorageOptionsValidator().Validate(null, storage);
        Assert.True(result.Failed);
        Assert.Contains("Recsys:Storage:ConnectionString", result.FailureMessage);
        Assert.Contains("Root Certificate", result.FailureMessage);
    }
}
