using System.Runtime.Versioning;
using OrleansRecsys.Security;

namespace OrleansRecsys.Security.Tests;

/// <summary>Files holding a signing key or a token are readable by their owner only, from the moment they exist.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SecretFileTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = Directory.CreateTempSubdirectory("recsys-secrets-").FullName;

    [Fact]
    public void A_new_development_key_file_is_owner_only_and_holds_the_key_it_returned()
    {
        var path = Path.Combine(_directory, "nested", "dev-signing-key");

        var key = SigningKeys.ReadOrCreateDevKeyFile(path);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(key, SigningKeys.ReadDevKeyFile(path));
        Assert.Equal(key, SigningKeys.ReadOrCreateDevKeyFile(path));
    }

    [Fact]
    public void Rewriting_a_secret_over_a_world_readable_file_leaves_it_owner_only()
    {
        var path = Path.Combine(_directory, "dev-token");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SigningKeys.WriteSecret(path, "new-token");

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal("new-token", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_directory_created_for_a_secret_is_owner_only()
    {
        var directory = Path.Combine(_directory, "fresh", ".recsys");

        SigningKeys.WriteSecret(Path.Combine(directory, "dev-token"), "token");

        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(directory)!));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
