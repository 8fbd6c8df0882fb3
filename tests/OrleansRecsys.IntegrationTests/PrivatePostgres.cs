using System.Diagnostics;
using Npgsql;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temp folder, a free port), so a test can stop and start it
/// without touching the suite's shared instance. Runs the server binaries as user <c>postgres</c>, as the test script does.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;

    private PrivatePostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>initdb and start; <paramref name="maxConnections"/> is the server's <c>max_connections</c>.</summary>
    public static async Task<PrivatePostgres> StartAsync(int maxConnections = 100)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run the suite with scripts/test.sh");
        var root = Directory.CreateTempSubdirectory("recsys-private-pg-").FullName;
        await RunAsync("chown", "postgres:postgres", root);
        await RunAsync("chmod", "700", root);
        var pg = new PrivatePostgres(bin, root, TestInfra.FreePort());
        await pg.AsPostgresAsync("initdb", "-D", pg.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await File.AppendAllTextAsync(Path.Combine(pg.Data, "postgresql.conf"),
            $"\nport = {pg.Port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\nfsync = off\nmax_connections = {maxConnections}\n");
        await pg.StartAgainAsync();
        return pg;
    }

    private string Data => Path.Combine(_root, "data");

    /// <summary>A fresh database with the project's schema, as <see cref="TestInfra.CreateDatabaseAsync(string)"/> makes it.</summary>
    public Task<string> CreateDatabaseAsync() => TestInfra.CreateDatabaseAsync(ServerConnectionString);

    /// <summary>Stops the server the way a crash or an operator would: <c>immediate</c> drops every connection at once.</summary>
    public Task StopAsync(string mode = "immediate") => AsPostgresAsync("pg_ctl", "-D", Data, "-m", mode, "-w", "stop");

    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60", "start");

    /// <summary>Turns TLS on (<c>ssl = on</c> with this certificate and key) and restarts the server.</summary>
    public async Task EnableTlsAsync(string certificatePem, string keyPem)
    {
        var certificate = Path.Combine(Data, "server.crt");
        var key = Path.Combine(Data, "server.key");
        await File.WriteAllTextAsync(certificate, certificatePem);
        await File.WriteAllTextAsync(key, keyPem);
        await RunAsync("chown", "postgres:postgres", certificate, key);
        await RunAsync("chmod", "600", key);
        await File.AppendAllTextAsync(Path.Combine(Data, "postgresql.conf"),
            $"\nssl = on\nssl_cert_file = '{certificate}'\nssl_key_file = '{key}'\n");
        await StopAsync("fast");
        await StartAgainAsync();
    }

    /// <summary>Connections the server holds now, by application name.</summary>
    public async Task<Dictionary<string, int>> ConnectionsAsync()
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT application_name, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync("fast");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_root, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}
