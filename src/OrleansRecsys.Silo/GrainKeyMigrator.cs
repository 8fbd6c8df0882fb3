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
    private const string Update = $"""
        UPDATE orleans_grain_state
           SET grain_id_hash = @new_hash, grain_id_n0 = 0, grain_id_n1 = 0, grain_key_ext = @pseudonym, payload = @payload
         WHERE {GrainStateRow.Identity} AND version = @version
        """;

    private static readonly IStorageHasherPicker Hashes = new StorageHasherPicker([new OrleansDefaultHasher()]);

    public async Task<GrainKeyMigrationSummary> RunAsync(CancellationToken ct = default)
    {
        await using var pass = await GrainStateRowPass.OpenAsync(connectionString, serviceId, ct);
        long moved = 0, already = 0;
        await foreach (var row in pass.RowsAsync(withPayloadOnly: false, ct))
        {
            if (GrainKeyPseudonyms.IsPseudonym(row.Ext))
            {
                already++;
            }
            else if (await MoveAsync(pass.Writing, row, ct) is { } failure)
            {
                pass.Fail(row, failure);
            }
            else
            {
                moved++;
            }
        }

        return new GrainKeyMigrationSummary(pass.Rows, moved, already, pass.Failed, pass.Failures);
    }

    /// <summary>Rewrites one row under its pseudonym; the reason when it could not.</summary>
    private async Task<string?> MoveAsync(NpgsqlConnection connection, GrainStateRow row, CancellationToken ct)
    {
        var pseudonym = pseudonyms.Of(row.Type, row.N0, row.N1, row.Ext);
        byte[]? payload;
        try
        {
            payload = row.Payload is null ? null
                : encryption.Protect(encryption.Unprotect(row.Payload, row.SealedUnder),
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
        row.AddIdentity(update.Parameters, serviceId);
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
}
