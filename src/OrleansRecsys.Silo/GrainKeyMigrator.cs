using Npgsql;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Security;
using OrleansRecsys.Silo.Storage;

namespace OrleansRecsys.Silo;

/// <summary>
/// Moves every grain-state row of one service that is still keyed by its grain id to its pseudonymous key
/// (<see cref="GrainKeyPseudonyms"/>): key columns and key hash rewritten, payload opened under the old row identity and
/// sealed again under the new one, version kept, each row in one compare-and-swap UPDATE. Rows already keyed by a
/// pseudonym are left alone, so a second run changes nothing. Runs while no silo runs: a silo with the pseudonym key
/// would not find an unmigrated row, and one without it would not find a migrated one.
/// </summary>
internal sealed class GrainKeyMigrator(string connectionString, string serviceId, StateEncryption encryption, GrainKeyPseudonyms pseudonyms)
{
    private const int MaxReportedFailures = 10;

    private const string Select = """
        SELECT grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_key_ext, payload, version
          FROM orleans_grain_state WHERE service_id = @service
        """;

    private const string Update = """
        UPDATE orleans_grain_state
           SET grain_id_hash = @new_hash, grain_id_n0 = 0, grain_id_n1 = 0, grain_key_ext = @pseudonym, payload = @payload
         WHERE grain_id_hash = @hash AND grain_type_hash = @type_hash AND grain_id_n0 = @n0 AND grain_id_n1 = @n1
           AND grain_type = @type AND grain_key_ext IS NOT DISTINCT FROM @ext AND service_id = @service AND version = @version
        """;

    private static readonly IStorageHasherPicker Hashes = new StorageHasherPicker([new OrleansDefaultHasher()]);

    private sealed record Row(int Hash, int TypeHash, long N0, long N1, string Type, string? Ext, byte[]? Payload, int Version);

    public async Task<GrainKeyMigrationSummary> RunAsync(CancellationToken ct = default)
    {
        await using var reading = new NpgsqlConnection(connectionString);
        await using var writing = new NpgsqlConnection(connectionString);
        await reading.OpenAsync(ct);
        await writing.OpenAsync(ct);
        await using var select = new NpgsqlCommand(Select, reading);
        select.Parameters.AddWithValue("service", serviceId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        long rows = 0, moved = 0, already = 0;
        var failures = new List<string>();
        long failed = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var row = Read(reader);
            if (GrainKeyPseudonyms.IsPseudonym(row.Ext))
            {
                already++;
                continue;
            }

            if (await MoveAsync(writing, row, ct) is { } failure)
            {
                failed++;
                if (failures.Count < MaxReportedFailures)
                {
                    // The state name and the old key hash locate the row without printing the grain id (a user id).
                    failures.Add($"state '{row.Type}', grain id hash {row.Hash}: {failure}");
                }

                continue;
            }

            moved++;
        }

        return new GrainKeyMigrationSummary(rows, moved, already, failed, failures);
    }

    /// <summary>Rewrites one row under its pseudonym; the reason when it could not.</summary>
    private async Task<string?> MoveAsync(NpgsqlConnection connection, Row row, CancellationToken ct)
    {
        var pseudonym = pseudonyms.Of(row.Type, row.N0, row.N1, row.Ext);
        byte[]? payload;
        try
        {
            payload = row.Payload is null ? null
                : encryption.Protect(encryption.Unprotect(row.Payload, GrainStateIdentity.Of(row.Type, row.N0, row.N1, row.Ext)),
                    GrainStateIdentity.Of(row.Type, 0, 0, pseudonym));
        }
        catch (StateDecryptionException ex)
        {
            return ex.Message;
        }

        var key = StateRowKey.For<object>(row.Type, GrainId.Create("recsys-migration", pseudonym), null!, Hashes, serviceId, StorageNames.Recsys)!.Value;
        await using var update = new NpgsqlCommand(Update, connection);
        update.Parameters.AddWithValue("new_hash", key.GrainIdHash);
        update.Parameters.AddWithValue("pseudonym", pseudonym);
        update.Parameters.Add(new NpgsqlParameter<byte[]?>("payload", NpgsqlTypes.NpgsqlDbType.Bytea) { TypedValue = payload });
        update.Parameters.AddWithValue("hash", row.Hash);
        update.Parameters.AddWithValue("type_hash", row.TypeHash);
        update.Parameters.AddWithValue("n0", row.N0);
        update.Parameters.AddWithValue("n1", row.N1);
        update.Parameters.AddWithValue("type", row.Type);
        update.Parameters.Add(new NpgsqlParameter<string?>("ext", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = row.Ext });
        update.Parameters.AddWithValue("service", serviceId);
        update.Parameters.AddWithValue("version", row.Version);
        try
        {
            return await update.ExecuteNonQueryAsync(ct) == 1 ? null : "the row changed while it was migrated (is a silo running?); run the command again";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return "a row under its pseudonym exists already (written by a silo with the key before the migration); this row was left as it is";
        }
    }

    private static Row Read(NpgsqlDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : (byte[])r[6], r.GetInt32(7));
}
