using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Grains.Tests.Batch;

/// <summary>The batch schedule's configuration: off by default, for one model, and refused at start with the key to fix.</summary>
public sealed class BatchScheduleOptionsTests
{
    private readonly BatchScheduleOptionsValidator _validator = new();

    [Fact]
    public void No_interval_schedules_nothing_for_any_model() =>
        Assert.Equal(TimeSpan.Zero, new BatchScheduleOptions().IntervalFor(ModelNames.Default));

    [Fact]
    public void An_interval_schedules_the_named_model_only()
    {
        var options = new BatchScheduleOptions { IntervalSeconds = 3600, Model = "ranker" };

        Assert.Equal(TimeSpan.FromHours(1), options.IntervalFor("ranker"));
        Assert.Equal(TimeSpan.Zero, options.IntervalFor("other"));
    }

    [Theory]
    [InlineData("../ranker", 50, "all", "Recsys:Batch:Schedule:Model")]
    [InlineData("ranker", 0, "all", "Recsys:Batch:Schedule:K")]
    [InlineData("ranker", 50, "active-yesterday", "Recsys:Batch:Schedule:Segment")]
    public void A_schedule_an_on_demand_run_would_refuse_fails_at_start_naming_the_key(string model, int k, string segment, string key)
    {
        var result = _validator.Validate(null, new BatchScheduleOptions { IntervalSeconds = 60, Model = model, K = k, Segment = segment });

        Assert.True(result.Failed);
        Assert.StartsWith(key + ":", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_a_valid_schedule() =>
        Assert.True(_validator.Validate(null, new BatchScheduleOptions { IntervalSeconds = 60 }).Succeeded);

    [Fact]
    public void The_coordinator_s_state_keeps_its_schedule_through_runs()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var run = BatchRun.Start(1, "ranker", "v1", new BatchRunRequest(5, "all", BatchCoordinatorGrain.ScheduledBy), now);

        var state = new BatchCoordinatorState().Scheduled(TimeSpan.FromMinutes(30)).Running(run).After(run.Status(BatchRunState.Completed, now), history: 3);

        Assert.Equal(TimeSpan.FromMinutes(30), state.ScheduledEvery);
    }
}
