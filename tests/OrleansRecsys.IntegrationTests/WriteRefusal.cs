using Npgsql;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The database refuses writes of feature grains whose key starts with a prefix, with a known SQL state and message,
/// until this handle is disposed: a trigger on the grain-state table, so the failure comes from PostgreSQL itself.
/// </summary>
internal sealed class WriteRefusal : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;

    private WriteRefusal(NpgsqlConnection conn) => _conn = conn;

    public static async Task<WriteRefusal> InstallAsync(string database, string keyPrefix)
    {
        var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var refuse = new NpgsqlCommand($"""
            CREATE OR REPLACE FUNCTION recsys_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'recsys test refuses %', NEW.grain_key_ext USING ERRCODE = 'RX042'; END $$;
            CREATE TRIGGER recsys_test_refuse BEFORE INSERT OR UPDATE ON orleans_grain_state
            FOR EACH ROW WHEN (NEW.grain_key_ext LIKE '{keyPrefix}%') EXECUTE FUNCTION recsys_test_refuse();
            """, conn);
        await refuse.ExecuteNonQueryAsync();
        return new WriteRefusal(conn);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var drop = new NpgsqlCommand("DROP TRIGGER recsys_test_refuse ON orleans_grain_state", _conn))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _conn.DisposeAsync();
    }
}
