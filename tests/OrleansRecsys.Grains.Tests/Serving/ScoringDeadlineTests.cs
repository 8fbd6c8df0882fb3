using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Serving;

public sealed class ScoringDeadlineTests
{
    private static readonly ScoringResult Scores = ScoringResult.Scored([1f], ["f"], null, 0.1);

    [Fact]
    public async Task Scores_ready_at_once_are_returned_even_past_the_deadline()
    {
        Assert.Same(Scores, await ScoringDeadline.AwaitAsync(ValueTask.FromResult(Scores), TimeSpan.Zero));
    }

    [Fact]
    public async Task Scores_within_the_deadline_are_returned()
    {
        var scoring = new TaskCompletionSource<ScoringResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(scoring.Task), TimeSpan.FromMinutes(1));
        scoring.SetResult(Scores);

        Assert.Same(Scores, await waiting);
    }

    [Fact]
    public async Task Scoring_past_the_deadline_is_abandoned_for_the_baseline()
    {
        var never = new TaskCompletionSource<ScoringResult>();

        var result = await ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(never.Task), TimeSpan.FromMilliseconds(1));

        Assert.Null(result.Scores);
        Assert.Equal(FallbackReasons.Deadline, result.FallbackReason);
    }

    [Fact]
    public async Task No_time_left_answers_with_the_baseline_without_waiting()
    {
        var never = new TaskCompletionSource<ScoringResult>();

        Assert.Equal(FallbackReasons.Deadline, (await ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(never.Task), TimeSpan.Zero)).FallbackReason);
    }

    [Fact]
    public async Task A_grain_lost_with_its_silo_is_a_feature_error_and_anything_else_a_model_error()
    {
        Assert.Equal(FallbackReasons.FeatureError, (await ScoringDeadline.AwaitAsync(Failing(new TimeoutException()), TimeSpan.FromMinutes(1))).FallbackReason);
        Assert.Equal(FallbackReasons.FeatureError, (await ScoringDeadline.AwaitAsync(Failing(new SiloUnavailableException()), TimeSpan.FromMinutes(1))).FallbackReason);
        Assert.Equal(FallbackReasons.ModelError, (await ScoringDeadline.AwaitAsync(Failing(new InvalidOperationException()), TimeSpan.FromMinutes(1))).FallbackReason);
    }

    [Fact]
    public async Task A_scoring_that_ends_after_its_deadline_never_answers_a_later_request()
    {
        var late = new TaskCompletionSource<ScoringResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.Equal(FallbackReasons.Deadline, (await ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(late.Task), TimeSpan.FromMilliseconds(1))).FallbackReason);

        var next = new TaskCompletionSource<ScoringResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(next.Task), TimeSpan.FromMinutes(1));
        late.SetResult(ScoringResult.Scored([9f], ["f"], null, 0.1));
        next.SetResult(Scores);

        Assert.Same(Scores, await waiting);
    }

    [Fact]
    public async Task Races_reused_one_after_another_each_answer_their_own_request()
    {
        for (var i = 0; i < 200; i++)
        {
            var own = ScoringResult.Scored([i], ["f"], null, 0.1);
            var scoring = new TaskCompletionSource<ScoringResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = ScoringDeadline.AwaitAsync(new ValueTask<ScoringResult>(scoring.Task), TimeSpan.FromMilliseconds(i % 2 == 0 ? 60_000 : 1));
            if (i % 2 == 0)
            {
                scoring.SetResult(own);
                Assert.Same(own, await waiting);
            }
            else
            {
                Assert.Equal(FallbackReasons.Deadline, (await waiting).FallbackReason);
                scoring.SetResult(own);
            }
        }
    }

    private static async ValueTask<ScoringResult> Failing(Exception error)
    {
        await Task.Yield();
        throw error;
    }
}
