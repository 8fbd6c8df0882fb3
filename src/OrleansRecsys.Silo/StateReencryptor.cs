using Npgsql;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Seals every stored grain state of one service again under the active key, in SQL, beside live silos. Each row is
/// rewritten by a compare-and-swap on its version that keeps the version: a grain that read the row before still
/// holds a valid ETag and its next write succeeds, and a grain that wrote in between makes the swap miss, so the row is
/// read again (by then normally sealed under the active key by the grain itself) instead of being overwritten with
/// older state. The plaintext never leaves this process.
/// </summary>
internal sealed class StateReencryptor(string connectionString, string serviceId, StateEncryption encryption)
{
    private const int MaxAttempts = 5;
    private const int MaxReportedFailures = 10;

    private const string Columns = "grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_key_ext, payload, version";

    private const string Identity = """
        grain_id_hash = @hash AND grain_type_hash = @type_hash AND grain_id_n0 = @n0 AND grain_id_n1 = @n1
        AND grain_type = @type AND grain_key_ext IS NOT DISTINCT FROM @ext AND service_id = @service
        """;

    private sealed record Row(int Hash, int TypeHash, long N0, long N1, string Type, string? Ext, byte[]? Payload, int Version);

    public async Task<ReencryptionSummary> RunAsync(CancellationToken ct = default)
    {
        if (!encryption.SealsWrites)
        {
            throw new InvalidOperationException($"{EncryptionOptions.Section}:Keys is empty or encryption is off: there is no key to seal with");
        }

        await using var reading = new NpgsqlConnection(connectionString);
        await using var writing = new NpgsqlConnection(connectionString);
        await reading.OpenAsync(ct);
        await writing.OpenAsync(ct);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM orleans_grain_state WHERE service_id = @service AND payload IS NOT NULL", reading);
        select.Parameters.AddWithValue("service", serviceId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        long rows = 0, resealed = 0, current = 0, retried = 0;
        var failures = new List<string>();
        long failed = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var row = Read(reader);
            try
            {
                var (outcome, attempts) = await ResealAsync(writing, row, ct);
                retried += attempts > 1 ? 1 : 0;
                resealed += outcome ? 1 : 0;
                current += outcome ? 0 : 1;
            }
            catch (StateDecryptionException ex)
            {
                failed++;
                if (failures.Count < MaxReportedFailures)
                {
                    // The state name and the key hash locate the row without printing the grain key (a user id).
                    failures.Add($"state '{row.Type}', grain id hash {row.Hash}: {ex.Message}");
                }
            }
        }

        return new ReencryptionSummary(rows, resealed, current, retried, failed, failures);
    }

    /// <summary>Whether the row was sealed again (false: it already was under the active key, or is gone), and how many attempts it took.</summary>
    private async Task<(bool Resealed, int Attempts)> ResealAsync(NpgsqlConnection connection, Row row, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var identity = GrainStateIdentity.Of(row.Type, row.N0, row.N1, row.Ext);
            if (row.Payload is null || encryption.Reseal(row.Payload, identity) is not { } sealedAgain)
            {
                return (false, attempt);
            }

            await using var update = Command(connection, $"UPDATE orleans_grain_state SET payload = @payload WHERE {Identity} AND version = @version", row);
            update.Parameters.AddWithValue("payload", sealedAgain);
            update.Parameters.AddWithValue("version", row.Version);
            if (await update.ExecuteNonQueryAsync(ct) == 1)
            {
                return (true, attempt);
            }

            // A grain wrote (or cleared) the row since it was read: read it again.
            if (await ReadAgainAsync(connection, row, ct) is not { } fresh)
            {
                return (false, attempt);
            }

            row = fresh;
        }

        throw new StateDecryptionException($"the row changed on each of {MaxAttempts} attempts; run the command again");
    }

    private async Task<Row?> ReadAgainAsync(NpgsqlConnection connection, Row row, CancellationToken ct)
    {
        await using var select = Command(connection, $"SELECT {Columns} FROM orleans_grain_state WHERE {Identity}", row);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, Row row)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("hash", row.Hash);
        command.Parameters.AddWithValue("type_hash", row.TypeHash);
        command.Parameters.AddWithValue("n0", row.N0);
        command.Parameters.AddWithValue("n1", row.N1);
        command.Parameters.AddWithValue("type", row.Type);
        command.Parameters.Add(new NpgsqlParameter<string?>("ext", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = row.Ext });
        command.Parameters.AddWithValue("service", serviceId);
        return command;
    }

    private static Row Read(NpgsqlDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : (byte[])r[6], r.GetInt32(7));
}
