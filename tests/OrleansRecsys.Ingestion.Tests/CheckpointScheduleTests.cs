namespace OrleansRecsys.Ingestion.Tests;

public sealed class CheckpointScheduleTests
{
    private static readonly CheckpointSchedule Schedule = new(TimeSpan.FromSeconds(1), maxGrains: 10_000, maxBatch: 20_000);

    [Fact]
    public void A_checkpoint_is_due_when_the_interval_elapsed_whatever_the_grains_touched()
    {
        Assert.Equal(CheckpointTriggers.Interval, Schedule.Due(TimeSpan.FromSeconds(1), touchedGrains: 3));
        Assert.Equal(CheckpointTriggers.Interval, Schedule.Due(TimeSpan.FromSeconds(2), touchedGrains: 50_000));
    }

    [Fact]
    public void A_checkpoint_is_due_early_once_the_touched_grains_reach_the_size_limit()
    {
        Assert.Equal(CheckpointTriggers.Size, Schedule.Due(TimeSpan.FromMilliseconds(200), touchedGrains: 10_000));
        Assert.Null(Schedule.Due(TimeSpan.FromMilliseconds(200), touchedGrains: 9_999));
    }

    [Fact]
    public void A_round_takes_what_is_left_of_the_size_limit_and_never_more_than_the_batch_limit()
    {
        Assert.Equal(10_000, Schedule.RoundLimit(touchedGrains: 0));
        Assert.Equal(2_500, Schedule.RoundLimit(touchedGrains: 7_500));
        Assert.Equal(1, Schedule.RoundLimit(touchedGrains: 12_000));
        Assert.Equal(500, new CheckpointSchedule(TimeSpan.FromSeconds(1), maxGrains: 10_000, maxBatch: 500).RoundLimit(touchedGrains: 0));
    }

    [Fact]
    public void Rounds_stop_for_the_checkpoint_in_flight_only_once_the_next_checkpoint_is_full()
    {
        Assert.False(Schedule.Full(touchedGrains: 9_999));
        Assert.True(Schedule.Full(touchedGrains: 10_000));
    }
}
