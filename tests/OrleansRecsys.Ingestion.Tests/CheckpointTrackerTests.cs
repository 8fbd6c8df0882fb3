using Confluent.Kafka;
using static OrleansRecsys.Ingestion.Tests.Messages;

namespace OrleansRecsys.Ingestion.Tests;

public sealed class CheckpointTrackerTests
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);

    [Fact]
    public void Commits_next_offsets_for_owned_partitions_only_and_checks_flush_coverage()
    {
        var t = new CheckpointTracker();
        t.Consumed(P0, 5);
        t.Consumed(P0, 3);
        t.Consumed(P1, 8);
        t.Applied("u:a", [Sourced("t/0", 5), Sourced("t/1", 8)]);
        Assert.Equal(new Dictionary<string, long> { ["t/0"] = 5, ["t/1"] = 8 }, t.Expected("u:a"));
        Assert.Empty(t.Expected("u:b"));
        Assert.False(t.Covers("u:a", new() { ["t/0"] = 5, ["t/1"] = 7 }));
        Assert.True(t.Covers("u:a", new() { ["t/0"] = 6, ["t/1"] = 8 }));
        Assert.Equal([new TopicPartitionOffset(P0, 6)], t.CommitOffsets([P0]));
        t.Reset();
        Assert.False(t.HasPending);
        Assert.Empty(t.Expected("u:a"));
    }

    [Fact]
    public void A_grain_never_touched_is_covered_by_anything()
    {
        Assert.True(new CheckpointTracker().Covers("i:x", []));
    }

    [Fact]
    public void A_revoked_partition_is_no_longer_committed()
    {
        var t = new CheckpointTracker();
        t.Consumed(P0, 1);
        t.Consumed(P1, 2);
        t.Forget(P1);
        Assert.Equal([new TopicPartitionOffset(P0, 2)], t.CommitOffsets([P0, P1]));
    }

    [Fact]
    public void Expected_offsets_are_a_copy_the_grain_call_can_keep()
    {
        var t = new CheckpointTracker();
        t.Applied("u:a", [Sourced("t/0", 1)]);
        var expected = t.Expected("u:a");
        t.Applied("u:a", [Sourced("t/0", 9)]);
        Assert.Equal(1, expected["t/0"]);
        Assert.Equal(["u:a"], t.TouchedGrains);
    }
}
