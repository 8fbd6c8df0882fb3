using Npgsql;

namespace OrleansRecsys.Silo;

/// <summary>
/// One row of <c>orleans_grain_state</c> as the offline state commands read it: the columns that identify it, its
/// payload (null after a clear) and its version (the grain's ETag), with the condition and parameters that find this
/// same row again for a compare-and-swap.
/// </summary>
internal sealed record GrainStateRow(int Hash, int TypeHash, long N0, long N1, string Type, string? Ext, byte[]? Payload, int Version)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_key_ext, payload, version";

    /// <summary>A condition that holds for this row alone, given the parameters of <see cref="AddIdentity"/>.</summary>
    public const string Identity = """
        grain_id_hash = @hash AND grain_type_hash = @type_hash AND grain_id_n0 = @n0 AND grain_id_n1 = @n1
        AND grain_type = @type AND grain_key_ext IS NOT DISTINCT FROM @ext AND service_id = @service
        """;

    /// <summary>The identity the payload is sealed under, as the silo's storage binds it.</summary>
    public byte[] SealedUnder => GrainStateIdentity.Of(Type, N0, N1, Ext);

    public static GrainStateRow Read(NpgsqlDataReader r) => new(
        r.GetInt32(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : (byte[])r[6], r.GetInt32(7));

    public void AddIdentity(NpgsqlParameterCollection parameters, string serviceId)
    {
        parameters.AddWithValue("hash", Hash);
        parameters.AddWithValue("type_hash", TypeHash);
        parameters.AddWithValue("n0", N0);
        parameters.AddWithValue("n1", N1);
        parameters.AddWithValue("type", Type);
        // Typed, so a null key extension is sent as a text NULL that IS NOT DISTINCT FROM can compare.
        parameters.Add(new NpgsqlParameter<string?>("ext", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = Ext });
        parameters.AddWithValue("service", serviceId);
    }

    /// <summary>How a report names the row: the state name and the key hash locate it without printing the grain key (a user id).</summary>
    public string Describe(string problem) => $"state '{Type}', grain id hash {Hash}: {problem}";
}
