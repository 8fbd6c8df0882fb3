using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// Offsets reach Kafka through librdkafka's background commit, against librdkafka's mock broker: only what a
/// checkpoint stored is ever committed, a closing consumer commits what it stored, and a member that keeps
/// checkpointing while the group re-forms around a member that left keeps its partitions and gets its offsets
/// committed once the group is stable.
/// </summary>
public sealed class OffsetCommitterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly RecsysMetrics _metrics = new();
    private readonly IProducer<byte[], byte[]> _mock;
    private readonly string _servers;

    public OffsetCommitterTests() => (_mock, _servers) = MockKafkaCluster.Start();

    public void Dispose()
    {
        _mock.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Only_stored_offsets_are_committed_and_closing_commits_what_was_stored()
    {
        var partition = new TopicPartition(Topics.Interactions, 0);
        Produce(partition, count: 10);
        var config = IngestionConsumerConfig.For(new KafkaClientConfigs(_servers), new KafkaOptions { GroupId = "store-then-close" });
        using (var consumer = new ConsumerBuilder<string, byte[]>(config).Build())
        {
            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var consumed = 0;
            var deadline = DateTime.UtcNow + Patience;
            while (consumed < 10 && DateTime.UtcNow < deadline)
            {
                consumed += consumer.Consume(TimeSpan.FromMilliseconds(100)) is null ? 0 : 1;
            }

            Assert.Equal(10, consumed);
            Assert.True(new OffsetCommitter(_metrics, NullLogger.Instance).TryStore(consumer, [new TopicPartitionOffset(partition, 4)], CheckpointTriggers.Shutdown));
            consumer.Close();
        }

        // Ten were consumed, four stored: the group resumes at 4, not at 10.
        Assert.Equal(4, CommittedOffset("store-then-close", partition));
    }

    [Fact]
    public void A_member_storing_offsets_while_the_group_re_forms_keeps_its_partitions_and_its_offsets_are_committed()
    {
        const string group = "re-form";
        var partitions = PartitionsOf(Topics.Interactions);
        // The first member in a group leads it (it computes the assignment and syncs last): the case that went wrong.
        using var checkpointing = new GroupMember(_servers, group, _metrics, storeEachRound: true);
        Assert.True(WaitUntil(() => checkpointing.Owned.Count > 0), "the first member never had partitions");
        using var other = new GroupMember(_servers, group, _metrics, storeEachRound: false);
        using var leaving = new GroupMember(_servers, group, _metrics, storeEachRound: false);
        Assert.True(WaitUntil(() => checkpointing.Owned.Count > 0 && other.Owned.Count > 0 && leaving.Owned.Count > 0), "the three members never all had partitions");
        var kept = checkpointing.Owned;
        var takenBefore = checkpointing.Taken; // partitions moved while the group first formed

        leaving.Leave();
        Assert.True(WaitUntil(() => checkpointing.Owned.Count + other.Owned.Count == partitions.Count), "the survivors never took over the partitions");

        Assert.Equal(takenBefore, checkpointing.Taken);
        Assert.Superset(kept.ToHashSet(), checkpointing.Owned.ToHashSet());
        var ownedAtLeave = checkpointing.Owned;
        checkpointing.Leave();

        // Every partition it held to the end has its last stored offset committed. (An offset stored for a partition the
        // group moved away while it first formed may go uncommitted: its next owner re-reads, and watermarks make that harmless.)
        var storedAtLeave = ownedAtLeave.Where(checkpointing.Stored.ContainsKey).ToList();
        Assert.NotEmpty(storedAtLeave);
        foreach (var partition in storedAtLeave)
        {
            Assert.Equal(checkpointing.Stored[partition], CommittedOffset(group, partition));
        }
    }

    private void Produce(TopicPartition partition, int count)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(_servers).Producer()).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(partition, new Message<string, byte[]> { Key = $"k{i}", Value = [(byte)i] });
        }

        producer.Flush(Patience);
    }

    private List<TopicPartition> PartitionsOf(string topic)
    {
        using var admin = new AdminClientBuilder(new KafkaClientConfigs(_servers).Admin()).Build();
        return admin.GetMetadata(topic, Patience).Topics[0].Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }

    private long CommittedOffset(string group, TopicPartition partition)
    {
        var config = new KafkaClientConfigs(_servers).Consumer();
        config.GroupId = group;
        using var reader = new ConsumerBuilder<string, byte[]>(config).Build();
        return reader.Committed([partition], Patience)[0].Offset.Value;
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
