using System.Globalization;
using Confluent.Kafka;

namespace OrleansRecsys.Kafka;

/// <summary>
/// librdkafka's mock cluster (a real Kafka wire-protocol broker, memory only) hosted by this process, with the grid's
/// topics created. The embedded grid, <c>recsysctl dev kafka</c> and tests start it when no broker is configured.
/// </summary>
public static class MockKafkaCluster
{
    private const int MetadataAttempts = 50;
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Starts a mock cluster owned by the returned producer: it lives until the producer is disposed. Like
    /// the compose stack's broker, it forms a consumer group as soon as its first member joins
    /// (<c>group.initial.rebalance.delay.ms</c> 0; see <see cref="MockGroupCoordinator"/> for why).</summary>
    public static (IProducer<byte[], byte[]> Holder, string Servers) Start(int brokers = 1)
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(CultureInfo.InvariantCulture));
        var holder = new ProducerBuilder<byte[], byte[]>(config).Build();
        try
        {
            MockGroupCoordinator.SetInitialRebalanceDelay(holder.Handle, 0);
        }
        catch
        {
            holder.Dispose();
            throw;
        }

        using var admin = new DependentAdminClientBuilder(holder.Handle).Build();
        var servers = WaitForBrokers(admin);

        // Asking for a topic's metadata creates it (the mock broker auto-creates topics).
        foreach (var topic in Topics.All)
        {
            admin.GetMetadata(topic, MetadataTimeout);
        }

        return (holder, servers);
    }

    /// <summary>The brokers' addresses, once the mock cluster reports them.</summary>
    private static string WaitForBrokers(IAdminClient admin)
    {
        var servers = "";
        for (var attempt = 0; attempt < MetadataAttempts && servers.Length == 0; attempt++)
        {
            var metadata = admin.GetMetadata(MetadataTimeout);
            servers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        }

        return servers;
    }
}
