using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansRecsys.Testing;

/// <summary>
/// Settings for a grid embedded in another process: the integration tests and the load tool (src/OrleansRecsys.Benchmarks,
/// which references this library so both start their silos the same way).
/// </summary>
public static class EmbeddedGrid
{
    /// <summary>The request id key every embedded and test silo shares (one silo ranks, another may ingest the outcome).</summary>
    public const string RequestIdKey = "embedded-grid-request-id-key-0123456789abcdef";

    /// <summary>A TCP port free on the loopback interface right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Configuration overrides for one embedded silo: its own HTTP, silo and gateway ports, its model store (the dev
    /// key and token files beside it), the shared request id key, no demo banner or simulated traffic, quiet logs, no practical rate limit;
    /// then each of <paramref name="layers"/> on top, in order.
    /// </summary>
    public static Dictionary<string, string?> Overrides(string modelStore, params IDictionary<string, string?>?[] layers)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{FreePort()}",
            ["Recsys:Host:GrpcUrl"] = $"http://127.0.0.1:{FreePort()}",
            ["Recsys:Host:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Recsys:Host:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Recsys:Grid:ModelStoreDirectory"] = modelStore,
            ["Recsys:Auth:DevKeyFile"] = Path.Combine(modelStore, "dev-key"),
            ["Recsys:Auth:DevTokenFile"] = Path.Combine(modelStore, "dev-token"),
            ["Recsys:Auth:RateLimitPerSecond"] = "1000000",
            ["Recsys:RateLimits:RankPerSecond"] = "10000000",
            ["Recsys:RateLimits:RecommendPerSecond"] = "10000000",
            ["Recsys:RateLimits:IngestPerSecond"] = "10000000",
            ["Recsys:RateLimits:AdminPerSecond"] = "10000000",
            ["Recsys:RateLimits:ReadPerSecond"] = "10000000",
            ["Recsys:RateLimits:MaxConcurrentRequests"] = "1000000",
            ["Recsys:Grid:RequestIdKey"] = RequestIdKey,
            ["Recsys:Demo:PrintBanner"] = "false",
            ["Recsys:Simulator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OrleansRecsys"] = "Warning",
        };
        foreach (var layer in layers)
        {
            foreach (var (key, value) in layer ?? new Dictionary<string, string?>())
            {
                overrides[key] = value;
            }
        }

        return overrides;
    }
}
