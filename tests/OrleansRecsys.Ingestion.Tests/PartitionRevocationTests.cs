using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>The revoke handler runs inside librdkafka's rebalance: a checkpoint that throws there must not escape, and the
/// revoked partitions' work is dropped (their next owner replays it) while the kept partitions' work stays pending.</summary>
public sealed class PartitionRevocationTests : IDisposable
{
    private static readonly TopicPartition Revoked = new(Topics.Interactions, 0);
    private static readonly TopicPartition Kept = new(Topics.Interactions, 1);

    private readonly RecsysMetrics _metrics = new();
    private readonly RequestIdSigner _signer = RequestIdSigner.WithRandomKey();
    private readonly SourceNames _sources = new();

    public void Dispose() => _metrics.Dispose();

    private UncommittedWork WorkOnTwoPartitions()
    {
        var work = new UncommittedWork(new OutcomeTally(_signer, _metrics));
        foreach (var partition in new[] { Revoked, Kept })
        {
            var source = _sources.KeyOf(partition.Topic, partition.Partition.Value);
            work.Checkpoints.Consumed(partition, 41);
            work.Outcomes.Count("u1", new AttributedEvent(_signer.New("ranker", "v1", "u1"), InteractionType.Click, $"e{partition.Partition.Value}", source, 41));
        }

        return work;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_checkpoint_that_throws_or_defers_does_not_escape_and_only_the_revoked_partitions_work_is_dropped(bool checkpointThrows)
    {
        var work = WorkOnTwoPartitions();
        var checkpoints = 0;
        var revocation = new PartitionRevocation(work, _sources, _ =>
        {
            checkpoints++;
            if (checkpointThrows)
            {
                throw new KafkaException(Confluent.Kafka.ErrorCode.Local_Transport);
            }
        }, NullLogger.Instance);

        revocation.Handle(null!, [new TopicPartitionOffset(Revoked, Offset.Unset)]);

        Assert.Equal(1, checkpoints);
        Assert.Equal([new TopicPartitionOffset(Kept, 42)], work.Checkpoints.CommitOffsets([Revoked, Kept]));
        var held = Assert.Single(work.Outcomes.Pending()["ranker"]);
        Assert.Equal(_sources.KeyOf(Kept.Topic, Kept.Partition.Value), held.Source);
    }
}
