using System.Net.Http.Headers;
using Npgsql;
using OrleansRecsys.Kafka;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Real parts for integration tests: a PostgreSQL database made from silo-config/sql, librdkafka's mock
/// broker (a real Kafka wire-protocol broker) and a full silo host serving HTTP on a free port.
/// </summary>
public static class TestInfra
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    public static int FreePort() => EmbeddedGrid.FreePort();

    /// <summary>A fresh database with the project's schema scripts applied.</summary>
    public static Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(Environment.GetEnvironmentVariable("RECSYS_TEST_PG")
        ?? throw new InvalidOperationException("RECSYS_TEST_PG is not set: run the suite with scripts/test.sh, which starts PostgreSQL"));

    /// <summary>A fresh database with the project's schema scripts applied, on the server <paramref name="server"/> names.</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "recsys_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await create.ExecuteNonQueryAsync();
        }

        var db = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await using (var conn = new NpgsqlConnection(db))
        {
            await conn.OpenAsync();
            foreach (var script in Directory.GetFiles(Path.Combine(RecsysHost.FindConfigDirectory(), "sql"), "*.sql").Order())
            {
                await using var cmd = new NpgsqlCommand(await File.ReadAllTextAsync(script), conn);
                await cmd.ExecuteNonQueryAsync();
            }
        }

        return db;
    }

    public static string Token(params string[] roles) =>
        TokenMinter.Mint(SigningKeys.Decode(SigningKey), "orleans-recsys", "recsys", "tester", roles, TimeSpan.FromHours(1));

    /// <summary>Runs <paramref name="body"/> with a mock Kafka broker and a model-store folder of its own, then
    /// disposes both (for tests that start their own silos).</summary>
    public static async Task WithOwnKafkaAsync(string name, Func<string, string, Task> body)
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory($"recsys-{name}-").FullName;
        try
        {
            await body(kafka, store);
        }
        finally
        {
            holder.Dispose();
            Directory.Delete(store, true);
        }
    }

    /// <summary>
    /// Registers ranker@v1 through the model API of the silo at <paramref name="url"/> once it is live: a cluster-profile
    /// silo trains no demo model, and the first version of a model becomes its stable one (readiness waits for it).
    /// </summary>
    public static async Task RegisterFirstRankerAsync(string url)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(Roles.Admin));
        await WaitUntil(async () =>
        {
            try
            {
                return (await admin.GetAsync("/health/live")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"{url} to be live");
        var registered = await TestModels.RegisterAsync(admin, "v1");
        Assert.True(registered.IsSuccessStatusCode, $"registering ranker@v1: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
    }

    public static Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string what) => WaitUntil(condition, timeout, () => what);

    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds:F0}s waiting for {what()}");
    }
}
