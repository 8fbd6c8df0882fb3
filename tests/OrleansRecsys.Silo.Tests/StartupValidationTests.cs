using Microsoft.Extensions.Options;

namespace OrleansRecsys.Silo.Tests;

/// <summary>Bad configuration stops the process at start with a message that names the key.</summary>
public sealed class StartupValidationTests
{
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var store = Directory.CreateTempSubdirectory("recsys-cfg-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{TestInfra.FreePort()}",
            ["Recsys:Host:SiloPort"] = TestInfra.FreePort().ToString(),
            ["Recsys:Host:GatewayPort"] = TestInfra.FreePort().ToString(),
            ["Recsys:Grid:ModelStoreDirectory"] = store,
            ["Recsys:Demo:TrainAtStart"] = "false",
            ["Recsys:Simulator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "None",
        };
        foreach (var (k, v) in settings)
        {
            overrides[k] = v;
        }

        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                var app = RecsysHost.CreateBuilder([], overrides).Build();
                try
                {
                    await app.StartAsync();
                }
                finally
                {
                    await app.DisposeAsync();
                }
            });
            return ex is OptionsValidationException o ? string.Join("; ", o.Failures) : ex.Message;
        }
        finally
        {
            Directory.Delete(store, true);
        }
    }

    [Fact]
    public async Task Production_auth_mode_refuses_to_start_without_a_32_byte_signing_key()
    {
        Assert.Contains("Recsys:Auth:SigningKey", await StartFailureAsync(new() { ["Recsys:Auth:Mode"] = "production" }));
        Assert.Contains("Recsys:Auth:SigningKey", await StartFailureAsync(new() { ["Recsys:Auth:Mode"] = "production", ["Recsys:Auth:SigningKey"] = "too-short" }));
    }

    [Theory]
    [InlineData("Recsys:Storage:Provider", "cassandra", "Recsys:Storage:Provider")]
    [InlineData("Recsys:Grid:DeadlineMs", "0", "DeadlineMs")]
    [InlineData("Recsys:Host:Role", "router", "Recsys:Host:Role")]
    [InlineData("Recsys:Storage:Clustering", "postgres", "Recsys:Storage:ConnectionString")]
    public async Task Bad_values_name_the_key(string key, string value, string named) =>
        Assert.Contains(named, await StartFailureAsync(new() { [key] = value }));
}
