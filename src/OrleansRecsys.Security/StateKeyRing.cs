using System.Buffers.Text;

namespace OrleansRecsys.Security;

/// <summary>
/// The AES-256 keys grain state may be sealed with, by id, and the active one that seals new writes. Built from
/// <see cref="EncryptionOptions"/>; a bad entry is an <see cref="ArgumentException"/> whose message names the
/// configuration key (<c>Recsys:Encryption:Keys:1:Key</c>), never the value.
/// </summary>
public sealed class StateKeyRing
{
    public const int KeyBytes = 32;
    public const int MaxIdLength = 64;

    private readonly Dictionary<string, byte[]> _keys;

    private StateKeyRing(Dictionary<string, byte[]> keys, string activeId)
    {
        _keys = keys;
        ActiveId = activeId;
    }

    public string ActiveId { get; }

    public byte[] ActiveKey => _keys[ActiveId];

    public IReadOnlyCollection<string> Ids => _keys.Keys;

    public bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>The ring <paramref name="options"/> describe; null when it lists no key.</summary>
    public static StateKeyRing? From(EncryptionOptions options)
    {
        if (options.Keys.Count == 0)
        {
            return string.IsNullOrEmpty(options.ActiveKeyId)
                ? null
                : throw new ArgumentException($"{EncryptionOptions.Section}:ActiveKeyId is set but {EncryptionOptions.Section}:Keys is empty");
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var (id, key) = Entry(options.Keys[i], $"{EncryptionOptions.Section}:Keys:{i}");
            if (!keys.TryAdd(id, key))
            {
                throw new ArgumentException($"{EncryptionOptions.Section}:Keys:{i}:Id '{id}' is listed twice");
            }
        }

        var active = string.IsNullOrEmpty(options.ActiveKeyId) ? options.Keys[^1].Id! : options.ActiveKeyId;
        return keys.ContainsKey(active)
            ? new StateKeyRing(keys, active)
            : throw new ArgumentException($"{EncryptionOptions.Section}:ActiveKeyId '{active}' is not the Id of any entry of {EncryptionOptions.Section}:Keys");
    }

    /// <summary>A ring of the given keys, the last one active (for tools and tests that hold keys, not configuration).</summary>
    public static StateKeyRing Of(params (string Id, byte[] Key)[] keys)
    {
        var options = new EncryptionOptions();
        foreach (var (id, key) in keys)
        {
            options.Keys.Add(new EncryptionKeyOptions { Id = id, Key = Convert.ToBase64String(key) });
        }

        return From(options) ?? throw new ArgumentException("a key ring needs at least one key", nameof(keys));
    }

    /// <summary>An id is printable ASCII without spaces (it is written into every header and into logs).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => c is > ' ' and < (char)127);

    private static (string Id, byte[] Key) Entry(EncryptionKeyOptions entry, string name)
    {
        if (!IsValidId(entry.Id))
        {
            throw new ArgumentException($"{name}:Id must be 1..{MaxIdLength} printable ASCII characters without spaces");
        }

        var text = entry.Key?.Trim() ?? "";
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != KeyBytes)
        {
            throw new ArgumentException($"{name}:Key must be base64 of exactly {KeyBytes} random bytes (openssl rand -base64 32)");
        }

        return (entry.Id!, bytes[..KeyBytes]);
    }
}
