using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Resilience;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Serving;

public sealed class ScoringProgressTests
{
    private static readonly ScoringResult Missed = ScoringResult.Fallback(FallbackReasons.Deadline);

    /// <summary>A deadline of zero has always been used up by the time the answer is settled; an hour never has.</summary>
    private static readonly TimeSpan UsedUp = TimeSpan.Zero, NotUsedUp = TimeSpan.FromHours(1);

    [Fact]
    public void A_missed_deadline_counts_against_the_model_only_when_the_model_used_it_up_under_the_grids_deadline()
    {
        var inModel = new ScoringProgress { Judged = true };
        inModel.ModelCallStarting();
        Assert.True(inModel.Sample(100, Missed, modelError: false, UsedUp, callerDeadlineShortened: false).Fallback);

        // The caller asked for less than the grid's deadline: its choice, not the model's failure (the earlier judge counted it).
        Assert.False(inModel.Sample(100, Missed, modelError: false, UsedUp, callerDeadlineShortened: true).Fallback);

        // The deadline passed while the model had used little of it: the feature reads took the time.
        Assert.False(inModel.Sample(100, Missed, modelError: false, NotUsedUp, callerDeadlineShortened: false).Fallback);

        // The deadline passed before the model was called at all (feature reads, a session still loading).
        var beforeModel = new ScoringProgress { Judged = true };
        Assert.False(beforeModel.Sample(100, Missed, modelError: false, UsedUp, callerDeadlineShortened: false).Fallback);
    }

    [Fact]
    public void Scores_that_arrive_after_the_deadline_count_against_the_model_when_it_took_most_of_the_deadline()
    {
        var scored = ScoringResult.Scored([0.5f], ["f"], null, scorerMs: 60);
        var inModel = new ScoringProgress { Judged = true };
        inModel.ModelCallStarting();
        Assert.True(inModel.MarkModelFault(scored, UsedUp, TimeSpan.FromMilliseconds(1), callerDeadlineShortened: false).ModelAtFault);

        // In time, or late on a deadline the caller shortened, or late before the model was called: not the model's failure.
        Assert.False(inModel.MarkModelFault(scored, NotUsedUp, TimeSpan.Zero, callerDeadlineShortened: false).ModelAtFault);
        Assert.False(inModel.MarkModelFault(scored, UsedUp, TimeSpan.FromMilliseconds(1), callerDeadlineShortened: true).ModelAtFault);
        Assert.False(new ScoringProgress().MarkModelFault(scored, UsedUp, TimeSpan.FromMilliseconds(1), callerDeadlineShortened: false).ModelAtFault);
    }

    [Fact]
    public void A_version_whose_scores_keep_arriving_after_the_deadline_opens_its_circuit()
    {
        var options = new ModelCircuitOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDurationMs = 2000, BreakDurationMs = 5000 };
        var breakers = new ModelCircuitBreakers(Microsoft.Extensions.Options.Options.Create(options), new RecsysMetrics());
        var circuit = breakers.For("late-" + Guid.NewGuid().ToString("N"), "v1");
        for (var i = 0; i < options.MinimumThroughput; i++)
        {
            var progress = new ScoringProgress { Judged = true };
            progress.ModelCallStarting();
            circuit.Record(progress.MarkModelFault(ScoringResult.Scored([0.5f], ["f"], null, scorerMs: 60), UsedUp, TimeSpan.FromMilliseconds(1), false));
        }

        Assert.Equal(ModelCircuitStates.Open, circuit.State);
    }

    [Fact]
    public void A_model_error_is_an_error_and_a_fallback_and_scored_requests_carry_the_scorers_time_per_row()
    {
        var progress = new ScoringProgress { Judged = true };
        var failed = progress.Sample(10, ScoringResult.Fallback(FallbackReasons.ModelError), modelError: true, NotUsedUp, callerDeadlineShortened: true);
        Assert.True(failed is { Error: true, Fallback: true });
        Assert.True(double.IsNaN(failed.ScoreUsPerRow));

        var scored = progress.Sample(200, ScoringResult.Scored(new float[200], ["f"], null, scorerMs: 0.5), modelError: false, NotUsedUp, false);
        Assert.Equal(2.5, scored.ScoreUsPerRow, 9);
        Assert.True(scored is { Error: false, Fallback: false, Judged: true, Rows: 200 });
    }

    [Fact]
    public void A_request_is_not_judged_until_its_session_is_known()
    {
        Assert.False(new ScoringProgress().Sample(100, Missed, modelError: false, UsedUp, false).Judged);
    }

    [Fact]
    public void An_open_circuit_is_a_judged_error_and_fallback_of_the_version_so_guardrails_roll_it_back()
    {
        var sample = new ScoringProgress().Sample(100, ScoringResult.Fallback(FallbackReasons.CircuitOpen), modelError: false, NotUsedUp, false);
        Assert.True(sample is { Judged: true, Fallback: true, Error: true });
    }
}
