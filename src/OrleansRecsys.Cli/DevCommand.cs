using OrleansRecsys.Kafka;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>dev kafka [--brokers N]</c>: a standalone Kafka wire-protocol broker for local multi-process clusters
/// (librdkafka's mock cluster, hosted by this process). Prints its bootstrap address and runs until Ctrl+C.
/// </summary>
internal static class DevCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        ctx.Args.Allow("brokers");
        var what = ctx.Args.Positional(1, "kafka");
        ctx.Args.MaxPositionals(2);
        if (what != "kafka")
        {
            throw new UsageException($"dev takes 'kafka' (got '{what}')");
        }

        var (holder, servers) = MockKafkaCluster.Start(ctx.Args.Int("brokers", 1, 1, 9));
        using (holder)
        {
            ctx.Out.WriteLine($"bootstrap {servers}");
            ctx.Out.Flush();
            ctx.Error.WriteLine("mock Kafka broker running (topics auto-create with 4 partitions, memory only); Ctrl+C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.Cancellation);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }
}
