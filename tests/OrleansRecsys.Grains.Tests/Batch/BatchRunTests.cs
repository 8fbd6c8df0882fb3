using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Grains.Tests.Batch;

/// <summary>How a run splits into work items and counts them: the part of the coordinator that needs no cluster.</summary>
public sealed class BatchRunTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static BatchRun NewRun() => BatchRun.Start(3, "ranker", "v1", new BatchRunRequest(20, "active-24h", "ops"), Now);

    [Fact]
    public void A_run_is_one_work_item_per_activity_shard_starting_at_the_segment_window()
    {
        var run = NewRun();

        Assert.Equal("ranker-run-3", run.RunId);
        Assert.Equal(ActivityShards.Count, run.ShardsDone.Length);
        Assert.Equal(Now.ToUnixTimeMilliseconds() - 24 * 3_600_000L, run.ActiveSinceMs);
        var work = run.WorkFor(17);
        Assert.Equal(("ranker", "v1", 20, 17, Now), (work.Model, work.Version, work.K, work.Shard, work.ComputedAt));
        Assert.Equal("ranker-run-3/17", work.WorkerKey);
    }

    [Fact]
    public void At_most_the_limit_is_in_flight_lowest_unfinished_shard_first()
    {
        var run = NewRun().With(new BatchShardResult(3, 0, 5, 0))!;

        Assert.Equal([1, 2, 3, 4], run.NextShards(new HashSet<int>(), 4));
        Assert.Equal([2, 4], run.NextShards(new HashSet<int> { 1, 3 }, 4));
        Assert.Empty(run.NextShards(new HashSet<int> { 1, 2, 3, 4 }, 4));
    }

    [Fact]
    public void A_finished_item_counts_once_and_reports_of_other_runs_count_never()
    {
        var run = NewRun();
        var once = run.With(new BatchShardResult(3, 5, 10, 2))!;

        Assert.Equal((10, 2, 1), (once.UsersDone, once.UsersFailed, once.ShardsDoneCount));
        Assert.Null(once.With(new BatchShardResult(3, 5, 10, 2)));
        Assert.Null(once.With(new BatchShardResult(2, 6, 10, 2)));
        Assert.Null(once.With(new BatchShardResult(3, ActivityShards.Count, 1, 0)));
        Assert.False(run.ShardsDone[5]); // the run it came from is unchanged
    }

    [Fact]
    public void A_run_is_complete_when_every_shard_reported()
    {
        var run = NewRun();
        for (var shard = 0; shard < ActivityShards.Count; shard++)
        {
            Assert.False(run.IsComplete);
            run = run.With(new BatchShardResult(3, shard, 1, 0))!;
        }

        Assert.True(run.IsComplete);
        var status = run.Status(BatchRunState.Completed, Now.AddMinutes(1));
        Assert.Equal((ActivityShards.Count, ActivityShards.Count, (long)ActivityShards.Count), (status.ShardsTotal, status.ShardsDone, status.UsersDone));
        Assert.Empty(run.NextShards(new HashSet<int>(), 4));
    }

    [Fact]
    public void The_coordinator_keeps_the_newest_finished_runs()
    {
        var state = new BatchCoordinatorState();
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            var run = BatchRun.Start(sequence, "ranker", "v1", new BatchRunRequest(5, "all", "ops"), Now);
            state = state.Running(run).After(run.Status(BatchRunState.Completed, Now), history: 3);
        }

        Assert.Equal(5, state.LastSequence);
        Assert.Null(state.Current);
        Assert.Equal(["ranker-run-3", "ranker-run-4", "ranker-run-5"], state.Finished.Select(r => r.RunId));
    }
}
