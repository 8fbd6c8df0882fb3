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
        WriteSecret(path, Convert.ToBase64String(key));
        return key;
    }

    /// <summary>
    /// Writes a secret (key, token) readable by its owner only. The mode is set when the file is created, so there is
    /// no moment when another user could open it; an existing file is replaced, not rewritten in place, for the same reason.
    /// A directory it has to create is owner-only too, so other users cannot even list which secrets exist.
    /// </summary>
    public static void WriteSecret(string path, string text)
    {
        var fullPath = Path.GetFullPath(path);
        CreateOwnerOnlyDirectory(Path.GetDirectoryName(fullPath)!);
        var staging = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(staging, options))
        {
            writer.Write(text);
        }

        File.Move(staging, fullPath, overwrite: true);
    }

    /// <summary>Creates the directory and each missing parent with mode 0700; an existing directory keeps its mode.</summary>
    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        CreateOwnerOnlyDirectory(Path.GetDirectoryName(path)!);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
