using System.Text;

namespace OrleansRecsys.Silo;

/// <summary>
/// The bytes that bind a sealed grain state to its row: the state name and the grain key as the ADO.NET table stores
/// them (<c>grain_type</c>, <c>grain_id_n0</c>, <c>grain_id_n1</c>, <c>grain_key_ext</c>). The same bytes come from a
/// <see cref="GrainId"/> inside a storage call and from a row in the re-encryption tool, so both open the same payloads.
/// </summary>
internal static class GrainStateIdentity
{
    /// <summary>The identity of <paramref name="grainId"/>'s state <paramref name="stateName"/>, with the key split as the
    /// ADO.NET provider splits it (integer, GUID or string keys).</summary>
    public static byte[] Of(string stateName, GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            var bytes = guid.ToByteArray();
            return Of(stateName, BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), guidExtension);
        }

        return grainId.TryGetIntegerKey(out var integer, out var extension)
            ? Of(stateName, 0, integer, extension)
            : Of(stateName, 0, 0, grainId.Key.ToString());
    }

    /// <summary>The identity of a row: its state name, key numbers and key string (null when the key has none).</summary>
    public static byte[] Of(string stateName, long n0, long n1, string? keyString)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            // BinaryWriter length-prefixes strings, so no two (name, key) pairs share bytes.
            writer.Write("recsys-grain-state/1");
            writer.Write(stateName);
            writer.Write(n0);
            writer.Write(n1);
            writer.Write(keyString is not null);
            writer.Write(keyString ?? "");
        }

        return buffer.ToArray();
    }
}
