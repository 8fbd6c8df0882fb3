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

    [Fact]
    public void Sealing_hands_the_applied_work_to_the_checkpoint_in_flight_and_later_applies_go_to_the_next()
    {
        var t = new CheckpointTracker();
        t.Consumed(P0, 4);
        t.Applied("u:a", [Sourced("t/0", 4)]);
        var inFlight = t.Seal();
        t.Consumed(P0, 9);
        t.Applied("u:b", [Sourced("t/0", 9)]);

        Assert.Equal([new TopicPartitionOffset(P0, 5)], inFlight.CommitOffsets([P0]));
        Assert.Equal(["u:a"], inFlight.TouchedGrains);
        Assert.Equal(["u:b"], t.TouchedGrains);
        Assert.Equal(1, t.TouchedGrainCount);
        t.Committed(inFlight);
        Assert.Null(t.Sealed);
        Assert.Equal([new TopicPartitionOffset(P0, 10)], t.CommitOffsets([P0]));
    }

    [Fact]
    public void A_grain_is_expected_to_cover_what_the_checkpoint_in_flight_holds_for_it_until_that_commits()
    {
        var t = new CheckpointTracker();
        t.Applied("u:a", [Sourced("t/0", 4), Sourced("t/1", 2)]);
        var inFlight = t.Seal();
        t.Applied("u:a", [Sourced("t/0", 6)]);

        Assert.Equal(new Dictionary<string, long> { ["t/0"] = 6, ["t/1"] = 2 }, t.Expected("u:a"));
        t.Committed(inFlight);
        Assert.Equal(new Dictionary<string, long> { ["t/0"] = 6 }, t.Expected("u:a"));
    }

    [Fact]
    public void A_checkpoint_that_did_not_commit_goes_back_into_the_next_one_whole()
    {
        var t = new CheckpointTracker();
        t.Consumed(P0, 4);
        t.Consumed(P1, 7);
        t.Applied("u:a", [Sourced("t/0", 4)]);
        var failed = t.Seal();
        t.Consumed(P0, 8);
        t.Applied("u:b", [Sourced("t/0", 8)]);

        t.Reopen(failed);
        Assert.Null(t.Sealed);
        Assert.Equal(["u:a", "u:b"], t.TouchedGrains.Order());
        Assert.Equal([new TopicPartitionOffset(P0, 9), new TopicPartitionOffset(P1, 8)], t.CommitOffsets([P0, P1]).OrderBy(o => o.Partition.Value));
        Assert.False(t.Covers("u:a", new() { ["t/0"] = 3 }));
        Assert.True(t.Covers("u:a", new() { ["t/0"] = 4 }));
    }

    [Fact]
    public void A_reset_drops_the_checkpoint_in_flight_so_its_late_outcome_changes_nothing()
    {
        var t = new CheckpointTracker();
        t.Consumed(P0, 4);
        t.Applied("u:a", [Sourced("t/0", 4)]);
        var dropped = t.Seal();
        t.Reset();

        Assert.False(t.IsSealed(dropped));
        t.Reopen(dropped);
        Assert.False(t.HasPending);
        Assert.Empty(t.Expected("u:a"));
        t.Seal(); // a new checkpoint may begin
    }

    [Fact]
    public void Only_one_checkpoint_is_in_flight_at_a_time()
    {
        var t = new CheckpointTracker();
        t.Seal();
        Assert.Throws<InvalidOperationException>(() => t.Seal());
    }

    [Fact]
    public void A_revoked_partition_is_committed_by_neither_the_checkpoint_in_flight_nor_the_next()
    {
        var t = new CheckpointTracker();
        t.Consumed(P1, 3);
        var inFlight = t.Seal();
        t.Consumed(P1, 5);
        t.Forget(P1);
        Assert.Empty(inFlight.CommitOffsets([P0, P1]));
        Assert.Empty(t.CommitOffsets([P0, P1]));
    }
}
