using System.Diagnostics;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// A mock Kafka broker in a child process (this tool's <c>broker</c> command), so that a benchmark can count the broker's
/// CPU apart from the grid's, as in production where the broker runs elsewhere. The child lives until disposed: it ends
/// when its standard input closes.
/// </summary>
public sealed class ChildBroker : IDisposable
{
    private readonly Process _process;

    private ChildBroker(Process process, string servers)
    {
        _process = process;
        Servers = servers;
    }

    public string Servers { get; }

    /// <summary>The child's CPU seconds so far (user + system).</summary>
    public double CpuSeconds() => ThreadCpu.OfProcess(_process.Id);

    public static async Task<ChildBroker> StartAsync()
    {
        var (process, line) = await ChildCommand.StartAsync("broker", ["broker"], null, l => l.StartsWith("bootstrap ", StringComparison.Ordinal));
        return new ChildBroker(process, line["bootstrap ".Length..]);
    }

    /// <summary>The child's side: a mock cluster with the grid's topics, until standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        var (holder, servers) = MockKafkaCluster.Start();
        using (holder)
        {
            Console.WriteLine($"bootstrap {servers}");
            Console.Out.Flush();
            await Console.In.ReadToEndAsync();
        }

        return 0;
    }

    public void Dispose() => ChildCommand.Stop(_process);
}
