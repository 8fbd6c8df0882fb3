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

    /// <summary>The ports handed out: below Linux's ephemeral range (32768 and up by default), which outgoing connections
    /// take their local ports from. A port the system picked from that range (bind to port 0) could be taken by some
    /// connection between this check and the silo binding it, a second or two later on a busy machine.</summary>
    private const int FirstPort = 20_000, PortCount = 12_000;

    /// <summary>Where this process starts in the range, apart from other test processes running at the same time.</summary>
    private static int _nextPort = Environment.ProcessId * 7_919 % PortCount;

    /// <summary>A TCP port free on the loopback interface right now, never handed out before by this process.</summary>
    public static int FreePort()
    {
        for (var tries = 0; tries < PortCount; tries++)
        {
            var port = FirstPort + (int)((uint)Interlocked.Increment(ref _nextPort) % PortCount);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port between {FirstPort} and {FirstPort + PortCount - 1}");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
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
