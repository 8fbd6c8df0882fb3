using Microsoft.IdentityModel.JsonWebTokens;
using OrleansRecsys.Security;

namespace OrleansRecsys.Cli.Tests;

public sealed class TokenCommandTests
{
    [Fact]
    public async Task The_token_is_signed_with_the_key_file_and_validates_as_the_grid_checks_it()
    {
        var key = Enumerable.Range(1, SigningKeys.MinBytes).Select(i => (byte)i).ToArray();
        var keyFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(keyFile, Convert.ToBase64String(key));
            var run = await Run.Offline("token", "--key-file", keyFile, "--sub", "carol", "--roles", "recsys.read,recsys.score", "--days", "2");
            Assert.Equal(RecsysCtl.Ok, run.ExitCode);

            var result = await new JsonWebTokenHandler().ValidateTokenAsync(run.Out.Trim(), TokenMinter.Validation(key, TokenDefaults.Issuer, TokenDefaults.Audience));
            Assert.True(result.IsValid, result.Exception?.Message);
            Assert.Equal("carol", result.ClaimsIdentity.Name);
            Assert.Equal(["recsys.read", "recsys.score"], result.ClaimsIdentity.FindAll("roles").Select(c => c.Value));
            var token = (JsonWebToken)result.SecurityToken;
            Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task An_unknown_role_is_a_usage_error()
    {
        var run = await Run.Offline("token", "--roles", "recsys.read,root");
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith("error: --roles takes a comma-separated list of recsys.score, recsys.read, recsys.ingest, recsys.admin (got 'root')", run.Error);
    }

    [Fact]
    public async Task A_short_or_missing_key_is_an_error()
    {
        var keyFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(keyFile, Convert.ToBase64String(new byte[8]));
            var shortKey = await Run.Offline("token", "--key-file", keyFile);
            Assert.Equal(RecsysCtl.Failed, shortKey.ExitCode);
            Assert.Equal($"error: the signing key from {keyFile} is 8 bytes; at least 32 are required" + Environment.NewLine, shortKey.Error);

            var missing = await Run.Offline("token", "--key-file", keyFile + ".absent");
            Assert.Equal(RecsysCtl.Failed, missing.ExitCode);
            Assert.StartsWith($"error: no signing key: {keyFile}.absent does not exist", missing.Error);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Theory]
    [InlineData("8")]
    [InlineData("30")]
    [InlineData("3650")]
    public async Task A_lifetime_over_seven_days_is_refused_with_the_cap_named(string days)
    {
        var run = await Run.Offline("token", "--days", days);

        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith($"error: --days {days} is longer than tokens may live (7 days at most, and the grid refuses longer ones)", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task The_default_lifetime_is_the_cap_and_the_key_id_is_in_the_header()
    {
        var keyFile = WriteKeyFile(out var key);
        try
        {
            var derived = await Run.Offline("token", "--key-file", keyFile);
            var named = await Run.Offline("token", "--key-file", keyFile, "--key-id", "2026-12");

            var token = new JsonWebToken(derived.Out.Trim());
            Assert.Equal(HmacKey.DeriveId(key), token.Kid);
            Assert.InRange(token.ValidTo - token.IssuedAt, TokenDefaults.MaxLifetime - TimeSpan.FromSeconds(1), TokenDefaults.MaxLifetime + TimeSpan.FromSeconds(1));
            Assert.Equal("2026-12", new JsonWebToken(named.Out.Trim()).Kid);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Out_writes_the_token_to_an_owner_only_file_and_prints_nothing()
    {
        var keyFile = WriteKeyFile(out var key);
        var outFile = Path.Combine(Path.GetTempPath(), "recsysctl-" + Guid.NewGuid().ToString("N"), "token");
        try
        {
            var run = await Run.Offline("token", "--key-file", keyFile, "--out", outFile);

            Assert.Equal(RecsysCtl.Ok, run.ExitCode);
            Assert.Empty(run.Out);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(outFile));
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(File.ReadAllText(outFile), TokenMinter.Validation(key, TokenDefaults.Issuer, TokenDefaults.Audience));
            Assert.True(result.IsValid, result.Exception?.Message);
        }
        finally
        {
            File.Delete(keyFile);
            Directory.Delete(Path.GetDirectoryName(outFile)!, recursive: true);
        }
    }

    private static string WriteKeyFile(out byte[] key)
    {
        key = Enumerable.Range(1, SigningKeys.MinBytes).Select(i => (byte)(i * 7)).ToArray();
        var keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, Convert.ToBase64String(key));
        return keyFile;
    }
}
