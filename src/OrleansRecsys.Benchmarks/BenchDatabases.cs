using Npgsql;
using OrleansRecsys.Silo;

namespace OrleansRecsys.Benchmarks;

/// <summary>A fresh database per benchmark run on the private PostgreSQL, with the grid's schema scripts applied.</summary>
internal static class BenchDatabases
{
    /// <summary>Creates <paramref name="prefix"/>_&lt;random&gt; on <paramref name="server"/> and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string server, string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..10];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await create.ExecuteNonQueryAsync();
        }

        var db = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await using var schema = new NpgsqlConnection(db);
        await schema.OpenAsync();
        foreach (var script in Directory.GetFiles(Path.Combine(RecsysHost.FindConfigDirectory(), "sql"), "*.sql").Order())
        {
            await using var cmd = new NpgsqlCommand(await File.ReadAllTextAsync(script), schema);
            await cmd.ExecuteNonQueryAsync();
        }

        return db;
    }
}
