namespace OrleansRecsys.Inference.Tests;

/// <summary>
/// A session unloaded while requests score on it: every call either scores on a live session or is refused with
/// <see cref="ObjectDisposedException"/>, never runs on a freed one, and the native session is freed exactly once.
/// </summary>
public sealed class OnnxScorerDisposeTests
{
    private static readonly byte[] Model = OnnxGraph.SqrtOfOffsetMinusLinear([1f, 2f, 0f], 1e7f);

    [Fact]
    public async Task Dispose_racing_with_scoring_never_lets_a_call_run_on_a_freed_session()
    {
        var rows = new float[] { 1, 2, 3, 4, 5, 6 };
        var expected = new float[2];
        using (var reference = OnnxScorer.Load(Model, "features", "score", 3))
        {
            reference.Score(rows, 2, expected);
        }

        for (var round = 0; round < 200; round++)
        {
            var scorer = OnnxScorer.Load(Model, "features", "score", 3);
            using var start = new Barrier(3);
            var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                var scores = new float[2];
                for (var call = 0; call < 50; call++)
                {
                    try
                    {
                        scorer.Score(rows, 2, scores);
                        Assert.Equal(expected, scores);
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToArray();
            start.SignalAndWait();
            scorer.Dispose();
            await Task.WhenAll(callers);
            Assert.Throws<ObjectDisposedException>(() => scorer.Score(rows, 2, new float[2]));
        }
    }
}
