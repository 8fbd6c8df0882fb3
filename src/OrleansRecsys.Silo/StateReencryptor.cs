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

    public async Task<ReencryptionSummary> RunAsync(CancellationToken ct = default)
    {
        if (!encryption.SealsWrites)
        {
            throw new InvalidOperationException($"{EncryptionOptions.Section}:Keys is empty or encryption is off: there is no key to seal with");
        }

        await using var pass = await GrainStateRowPass.OpenAsync(connectionString, serviceId, ct);
        long resealed = 0, current = 0, retried = 0;
        await foreach (var row in pass.RowsAsync(withPayloadOnly: true, ct))
        {
            try
            {
                var (outcome, attempts) = await ResealAsync(pass.Writing, row, ct);
                retried += attempts > 1 ? 1 : 0;
                resealed += outcome ? 1 : 0;
                current += outcome ? 0 : 1;
            }
            catch (StateDecryptionException ex)
            {
                pass.Fail(row, ex.Message);
            }
        }

        return new ReencryptionSummary(pass.Rows, resealed, current, retried, pass.Failed, pass.Failures);
    }

    /// <summary>Whether the row was sealed again (false: it already was under the active key, or is gone), and how many attempts it took.</summary>
    private async Task<(bool Resealed, int Attempts)> ResealAsync(NpgsqlConnection connection, GrainStateRow row, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (row.Payload is null || encryption.Reseal(row.Payload, row.SealedUnder) is not { } sealedAgain)
            {
                return (false, attempt);
            }

            await using var update = Command(connection, $"UPDATE orleans_grain_state SET payload = @payload WHERE {GrainStateRow.Identity} AND version = @version", row);
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

    private async Task<GrainStateRow?> ReadAgainAsync(NpgsqlConnection connection, GrainStateRow row, CancellationToken ct)
    {
        await using var select = Command(connection, $"SELECT {GrainStateRow.Columns} FROM orleans_grain_state WHERE {GrainStateRow.Identity}", row);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? GrainStateRow.Read(reader) : null;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, GrainStateRow row)
    {
        var command = new NpgsqlCommand(sql, connection);
        row.AddIdentity(command.Parameters, serviceId);
        return command;
    }
}
