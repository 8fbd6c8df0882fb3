using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// One member of a consumer group with the ingestion consumer's settings, polling on its own thread like the ingestion
/// loop. When <paramref name="storeEachRound"/> is set it hands a growing offset for every partition it owns to the
/// <see cref="OffsetCommitter"/> on each round, as frequent checkpoints would. It records every partition it was given,
/// had revoked or lost.
/// </summary>
internal sealed class GroupMember : IDisposable
{
    private static readonly TimeSpan StoreEvery = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly OffsetCommitter _committer;
    private readonly bool _storeEachRound;
    private readonly List<TopicPartition> _owned = [];
    private readonly List<TopicPartition> _taken = [];
    private readonly Dictionary<TopicPartition, long> _stored = [];

    public GroupMember(string servers, string groupId, RecsysMetrics metrics, bool storeEachRound)
    {
        _committer = new OffsetCommitter(metrics, NullLogger.Instance);
        _storeEachRound = storeEachRound;
        var config = IngestionConsumerConfig.For(new KafkaClientConfigs(servers), new KafkaOptions { GroupId = groupId });
        var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsAssignedHandler((_, assigned) => Update(assigned, gained: true))
            .SetPartitionsRevokedHandler((_, revoked) => Update(revoked.Select(p => p.TopicPartition), gained: false))
            .SetOffsetsCommittedHandler((_, committed) => _committer.Committed(committed))
            .Build();
        consumer.Subscribe(Topics.Interactions);
        _thread = new Thread(() => Run(consumer)) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>The partitions this member owns now.</summary>
    public List<TopicPartition> Owned
    {
        get
        {
            lock (_owned)
            {
                return [.. _owned];
            }
        }
    }

    /// <summary>Partitions taken from this member after it had them: revoked, or lost (which a consumer without a
    /// lost handler hears of as revoked).</summary>
    public List<TopicPartition> Taken
    {
        get
        {
            lock (_owned)
            {
                return [.. _taken];
            }
        }
    }

    /// <summary>The last offset stored per partition; the thread must have stopped.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Stored => _stored;

    /// <summary>Stops polling and closes the consumer, which leaves the group.</summary>
    public void Leave()
    {
        _stop.Cancel();
        _thread.Join();
    }

    public void Dispose()
    {
        Leave();
        _stop.Dispose();
    }

    private void Run(IConsumer<string, byte[]> consumer)
    {
        var round = 0L;
        var lastStore = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(10));
            if (_storeEachRound && DateTime.UtcNow - lastStore >= StoreEvery && consumer.Assignment.Count > 0)
            {
                lastStore = DateTime.UtcNow;
                round++;
                var offsets = consumer.Assignment.Select(p => new TopicPartitionOffset(p, round)).ToList();
                if (_committer.TryStore(consumer, offsets, CheckpointTriggers.Interval))
                {
                    offsets.ForEach(o => _stored[o.TopicPartition] = o.Offset.Value);
                }
            }
        }

        consumer.Close();
        consumer.Dispose();
    }

    private void Update(IEnumerable<TopicPartition> partitions, bool gained)
    {
        lock (_owned)
        {
            foreach (var partition in partitions)
            {
                if (gained)
                {
                    _owned.Add(partition);
                }
                else if (_owned.Remove(partition))
                {
                    _taken.Add(partition);
                }
            }
        }
    }
}
