using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys.Security;

/// <summary>HMAC-SHA256 signing keys: how a configured key is decoded and how the development key file is kept.</summary>
public static class SigningKeys
{
    /// <summary>HS256 keys shorter than the hash are rejected by the token library and are guessable.</summary>
    public const int MinBytes = 32;

    /// <summary>A configured key: base64 with the prefix <c>base64:</c>, otherwise UTF-8 text.</summary>
    public static byte[] Decode(string key) =>
        key.StartsWith("base64:", StringComparison.Ordinal) ? Convert.FromBase64String(key[7..]) : Encoding.UTF8.GetBytes(key);

    /// <summary>The key in a development key file (base64 text); <see cref="FormatException"/> when it is not base64.</summary>
    public static byte[] ReadDevKeyFile(string path) => Convert.FromBase64String(File.ReadAllText(path).Trim());

    /// <summary>The key kept in <paramref name="path"/>; a new random key (written owner-only) when the file is missing or too short.</summary>
    public static byte[] ReadOrCreateDevKeyFile(string path)
    {
        if (File.Exists(path) && ReadDevKeyFile(path) is { Length: >= MinBytes } existing)
        {
            return existing;
        }

        var key = RandomNumberGenerator.GetBytes(MinBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Convert.ToBase64String(key));
        OwnerOnly(path);
        return key;
    }

    /// <summary>Secrets written by the development profile (key, token) are readable by their owner only.</summary>
    public static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
