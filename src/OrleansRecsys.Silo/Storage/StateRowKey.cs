using System.Text;
using Orleans.Storage;

namespace OrleansRecsys.Silo.Storage;

/// <summary>
/// The identity columns of one row of <c>orleans_grain_state</c>, computed exactly as the Orleans ADO.NET provider
/// computes them (the same hasher, grain key split and byte order), so a row written by the batched path is the row
/// that provider reads, and a row it wrote is the one the batched path updates: the table and its reads stay as they are.
/// </summary>
internal readonly record struct StateRowKey(int GrainIdHash, long N0, long N1, int TypeHash, string GrainType, string? Extension)
{
    /// <summary>The key of <paramref name="grainId"/>'s state <paramref name="stateName"/>, or null for a state name the
    /// provider would rewrite (a generic type name): such a write keeps the one-row path.</summary>
    public static StateRowKey? For<T>(string stateName, GrainId grainId, IGrainState<T> grainState, IStorageHasherPicker hashes, string serviceId, string providerName)
    {
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            return null;
        }

        var (n0, n1, extension, hashBytes) = Split(grainId);
        var idHash = hashes.PickHasher(serviceId, providerName, stateName, grainId, grainState)!.Hash(hashBytes);
        var typeHash = hashes.PickHasher(serviceId, providerName, stateName, grainId, grainState)!.Hash(Encoding.UTF8.GetBytes(stateName));
        return new StateRowKey(idHash, n0, n1, typeHash, stateName, extension);
    }

    /// <summary>Guid, integer or string key: the provider's two numeric halves, the text column and the bytes it hashes
    /// (big-endian order on this little-endian machine, as the provider reverses them).</summary>
    private static (long N0, long N1, string? Extension, byte[] HashBytes) Split(GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[] bytes;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            var raw = guid.ToByteArray();
            n0 = BitConverter.ToInt64(raw, 0);
            n1 = BitConverter.ToInt64(raw, 8);
            bytes = raw;
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            bytes = BitConverter.GetBytes(integer);
        }
        else
        {
            extension = grainId.Key.ToString();
            bytes = Encoding.UTF8.GetBytes(extension);
            return (n0, n1, extension, Reversed(bytes));
        }

        if (extension is not null)
        {
            bytes = [.. bytes, .. Encoding.UTF8.GetBytes(extension)];
        }

        return (n0, n1, extension, Reversed(bytes));
    }

    private static byte[] Reversed(byte[] bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
