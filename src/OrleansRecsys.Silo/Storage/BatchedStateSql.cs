using Npgsql;
using NpgsqlTypes;

namespace OrleansRecsys.Silo.Storage;

/// <summary>
/// The multi-row statements on <c>orleans_grain_state</c>, the table and columns the ADO.NET provider's queries use.
/// Each row keeps that provider's optimistic concurrency: an update only from the version the grain holds, a first
/// write only where no row exists (the unique identity index refuses a second one). The statement answers with the
/// input rows it changed (by ordinal) and their new versions; a row it leaves out was refused. One statement is one
/// transaction, so a crash in the middle leaves either all of its rows or none.
/// </summary>
internal static class BatchedStateSql
{
    private const string Input = """
        input AS (
            SELECT * FROM unnest($1::int4[], $2::int8[], $3::int8[], $4::int4[], $5::text[], $6::text[], $7::int4[], $8::bytea[])
                WITH ORDINALITY AS i(grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_key_ext, expected, payload, ord)
        )
        """;

    private const string SameGrain = """
               s.grain_id_hash   = i.grain_id_hash
           AND s.grain_type_hash = i.grain_type_hash
           AND s.grain_id_n0     = i.grain_id_n0
           AND s.grain_id_n1     = i.grain_id_n1
           AND s.grain_type      = i.grain_type
           AND s.grain_key_ext IS NOT DISTINCT FROM i.grain_key_ext
           AND s.service_id      = $9
        """;

    public const string Write = "WITH " + Input + """
        ,
        bumped AS (
            UPDATE orleans_grain_state AS s
               SET payload = i.payload, version = s.version + 1, modified_at = now()
              FROM input AS i
             WHERE i.expected IS NOT NULL AND s.version = i.expected AND
        """ + SameGrain + """
            RETURNING i.ord, s.version
        ),
        created AS (
            INSERT INTO orleans_grain_state
                (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_key_ext, service_id, payload, version, modified_at)
            SELECT i.grain_id_hash, i.grain_id_n0, i.grain_id_n1, i.grain_type_hash, i.grain_type, i.grain_key_ext, $9, i.payload, 1, now()
              FROM input AS i
             WHERE i.expected IS NULL
            ON CONFLICT DO NOTHING
            RETURNING grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_key_ext, service_id, version
        )
        SELECT b.ord, b.version FROM bumped AS b
        UNION ALL
        SELECT i.ord, s.version FROM created AS s JOIN input AS i ON i.expected IS NULL AND
        """ + SameGrain;

    public const string Read = "WITH " + Input + """
        SELECT i.ord, s.payload, s.version
          FROM input AS i
          JOIN orleans_grain_state AS s ON
        """ + SameGrain;

    /// <summary>Writes the batch; returns each request's new version in batch order (null: refused by version).</summary>
    public static async Task<int?[]> WriteAsync(NpgsqlConnection connection, string serviceId, IReadOnlyList<PendingWrite> batch)
    {
        await using var command = Command(connection, Write, serviceId, batch, w => w.ExpectedVersion, w => w.Payload);
        var versions = new int?[batch.Count];
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetInt64(0) - 1] = reader.GetInt32(1);
        }

        return versions;
    }

    /// <summary>Reads the batch's rows; returns each request's row in batch order (null: no row).</summary>
    public static async Task<StoredRow?[]> ReadAsync(NpgsqlConnection connection, string serviceId, IReadOnlyList<PendingRead> batch)
    {
        await using var command = Command(connection, Read, serviceId, batch, _ => null, _ => null);
        var rows = new StoredRow?[batch.Count];
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var payload = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
            rows[reader.GetInt64(0) - 1] = new StoredRow(payload, reader.GetInt32(2));
        }

        return rows;
    }

    /// <summary>The statement with one array parameter per column, each holding the batch's values in order.</summary>
    private static NpgsqlCommand Command<T>(NpgsqlConnection connection, string sql, string serviceId, IReadOnlyList<T> batch, Func<T, int?> expected, Func<T, byte[]?> payload)
        where T : IStateRequest
    {
        var n = batch.Count;
        var (idHash, n0, n1, typeHash) = (new int[n], new long[n], new long[n], new int[n]);
        var (type, extension, versions, payloads) = (new string[n], new string?[n], new int?[n], new byte[]?[n]);
        for (var i = 0; i < n; i++)
        {
            var key = batch[i].Key;
            (idHash[i], n0[i], n1[i], typeHash[i], type[i], extension[i]) = (key.GrainIdHash, key.N0, key.N1, key.TypeHash, key.GrainType, key.Extension);
            (versions[i], payloads[i]) = (expected(batch[i]), payload(batch[i]));
        }

        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = idHash });
        command.Parameters.Add(new NpgsqlParameter { Value = n0 });
        command.Parameters.Add(new NpgsqlParameter { Value = n1 });
        command.Parameters.Add(new NpgsqlParameter { Value = typeHash });
        command.Parameters.Add(new NpgsqlParameter { Value = type, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = extension, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }
}
