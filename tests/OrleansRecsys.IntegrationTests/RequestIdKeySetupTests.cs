using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Where each profile takes its request id key from (no services needed).</summary>
public sealed class RequestIdKeySetupTests
{
    private static byte[]? Resolve(string profile, params (string Key, string Value)[] settings) =>
        RequestIdKeySetup.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(), profile);

    [Fact]
    public void The_local_profile_without_a_key_or_a_key_file_takes_a_key_per_run() =>
        Assert.Null(Resolve(RecsysProfile.Local));

    [Fact]
    public void A_configured_key_is_decoded_like_the_signing_key()
    {
        var bytes = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        Assert.Equal(bytes, Resolve(RecsysProfile.Cluster, (RequestIdKeySetup.KeyName, "base64:" + Convert.ToBase64String(bytes))));
        Assert.Equal(32, Resolve(RecsysProfile.Local, (RequestIdKeySetup.KeyName, new string('k', 32)))!.Length);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_dev_key_file_is_created_owner_only_and_shared_by_the_next_silo()
    {
        var dir = Directory.CreateTempSubdirectory("recsys-request-id-key-").FullName;
        try
        {
            var file = Path.Combine(dir, "request-id-key");
            var first = Resolve(RecsysProfile.Local, (RequestIdKeySetup.FileKeyName, file));
            Assert.Equal(32, first!.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(first, Resolve(RecsysProfile.Local, (RequestIdKeySetup.FileKeyName, file)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_cluster_profile_ignores_the_dev_key_file_and_names_the_missing_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(RecsysProfile.Cluster, (RequestIdKeySetup.FileKeyName, "/nonexistent/key")));
        Assert.StartsWith("Recsys:Grid:RequestIdKey must be set in the cluster profile", Assert.Single(failure.Failures));
    }
}
