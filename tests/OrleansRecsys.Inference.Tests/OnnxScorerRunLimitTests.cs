namespace OrleansRecsys.Inference.Tests;

/// <summary>
/// A run that outlasts the scorer's run limit is stopped inside ONNX Runtime, not merely abandoned: the call ends with
/// <see cref="TimeoutException"/>, and the thread's next run (on any scorer) is not stopped by the flag left behind.
/// </summary>
public sealed class OnnxScorerRunLimitTests
{
    private const int Width = 4;
    private const int Rows = 1000;

    // About 34 billion multiply-adds for 1,000 rows: about a second on one core with ONNX Runtime's vectorised matrix
    // products, far past the limit (a hundred rows of a smaller graph finish in tens of milliseconds).
    private static readonly byte[] SlowModel = OnnxGraph.SlowToScoreLinear(Width, hidden: 2048, layers: 8);
    private static readonly byte[] FastModel = OnnxGraph.Linear([1f, 2f, 3f, 4f], 0.5f);

    [Fact]
    public void A_run_past_the_limit_is_stopped_and_reported_as_a_timeout()
    {
        using var slow = OnnxScorer.Load(SlowModel, "features", "score", Width);
        slow.RunLimit = TimeSpan.FromMilliseconds(20);

        var error = Assert.Throws<TimeoutException>(() => slow.Score(new float[Rows * Width], Rows, new float[Rows]));

        Assert.Contains("run limit of 20 ms", error.Message);
    }

    [Fact]
    public void The_threads_next_run_is_not_stopped_by_the_flag_the_last_one_left()
    {
        using var slow = OnnxScorer.Load(SlowModel, "features", "score", Width);
        using var fast = OnnxScorer.Load(FastModel, "features", "score", Width);
        slow.RunLimit = TimeSpan.FromMilliseconds(20);
        fast.RunLimit = TimeSpan.FromMilliseconds(20);
        Assert.Throws<TimeoutException>(() => slow.Score(new float[Rows * Width], Rows, new float[Rows]));

        var scores = new float[1];
        fast.Score([1f, 1f, 1f, 1f], 1, scores);

        Assert.Equal(10.5f, scores[0], 3);
    }

    [Fact]
    public void Without_a_limit_the_same_slow_run_completes()
    {
        using var slow = OnnxScorer.Load(OnnxGraph.SlowToScoreLinear(Width, hidden: 256, layers: 4), "features", "score", Width);
        var scores = new float[Rows];

        slow.Score(new float[Rows * Width], Rows, scores);

        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
    }
}
