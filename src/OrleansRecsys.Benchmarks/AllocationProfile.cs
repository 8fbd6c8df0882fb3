using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>alloc-profile</c>: where a rank's allocations go, by type. The runtime reports a sampled allocation event about
/// every 100 KB allocated (<c>GCAllocationTick</c>, with the type of the object that crossed the mark); over thousands of
/// requests the samples' shares are the types' shares. Printed as estimated bytes per request, largest first, for a rank
/// inside the grid (<see cref="IRankingGrain"/>) and over HTTP (pre-built request on a raw socket).
/// </summary>
public static class AllocationProfile
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var calls = (int)o.Num("calls", 20_000);
        var top = (int)o.Num("top", 30);
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 1000), 100);
        await using var grid = setup.Grid;
        var ranking = grid.Grains.GetGrain<IRankingGrain>(0);
        await ProfileAsync("rank inside the grid", calls, top, async i =>
            await ranking.RankAsync(new RankRequest("u" + (i % setup.Users), setup.CandidateSets[i % 64], 10, ModelNames.Default)));

        var port = new Uri(grid.Url).Port;
        var token = grid.Token;
        var requests = Enumerable.Range(0, 64).Select(i => RawHttpConnection.Post(port, "/v1/rank", token,
            $$"""{"userId":"u{{i % setup.Users}}","candidates":[{{string.Join(",", setup.CandidateSets[i].Select(c => $"\"{c}\""))}}],"k":10}""")).ToArray();
        using var connection = await RawHttpConnection.OpenAsync(port);
        await ProfileAsync("HTTP rank", calls, top, async i => await connection.ExchangeAsync(requests[i % requests.Length]));
        return 0;
    }

    private static async Task ProfileAsync(string name, int calls, int top, Func<int, Task> call)
    {
        for (var i = 0; i < Math.Min(calls, 5000); i++)
        {
            await call(i);
        }

        using var listener = new AllocationTicks();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            await call(i);
        }

        var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
        await Task.Delay(2000); // the listener's events arrive a little after the fact
        var byType = listener.Snapshot();
        var sampled = byType.Values.Sum();
        Console.WriteLine($"{name}: {perCall:F0} bytes per request (whole process), {calls} calls, {byType.Values.Sum() / 100_000:F0} samples");
        foreach (var (type, bytes) in byType.OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine($"  {perCall * bytes / sampled,8:F0} B  {bytes / sampled,6:P1}  {type}");
        }
    }

    /// <summary>Sums the runtime's sampled allocation events by type name.</summary>
    private sealed class AllocationTicks : EventListener
    {
        private readonly ConcurrentDictionary<string, double> _bytes = new();

        public Dictionary<string, double> Snapshot() => new(_bytes);

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
            {
                return;
            }

            var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var field = e.PayloadNames.IndexOf("AllocationAmount64") is var wide and >= 0 ? wide : e.PayloadNames.IndexOf("AllocationAmount");
            var amount = Convert.ToDouble(e.Payload[field]);
            _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        }
    }
}
