using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

public sealed class CoalescingScorerTests
{
    [Fact]
    public async Task Concurrent_calls_share_runs_and_each_gets_exactly_its_own_scores()
    {
        using var scorer = OnnxScorer.Load(OnnxGraph.SqrtOfOffsetMinusLinear([1f, 2f, 0f], 1e7f), "features", "score", 3);
        var batcher = new CoalescingScorer(scorer, TimeSpan.FromMilliseconds(200));
        using var start = new Barrier(32);
        var calls = Enumerable.Range(0, 32).Select(c =>
        {
            var n = 1 + (c % 7);
            var rows = new float[n * 3];
            for (var i = 0; i < n; i++)
            {
                rows[i * 3] = c * 100 + i;
                rows[(i * 3) + 1] = i;
            }

            // Dedicated threads released together, so the calls really are concurrent whatever the thread pool is doing.
            var done = new TaskCompletionSource<float[]>();
            new Thread(() =>
            {
                start.SignalAndWait();
                batcher.ScoreAsync(rows, n).ContinueWith(t => done.SetResult(t.Result), TaskScheduler.Default);
            }).Start();
            return (Rows: rows, N: n, Task: done.Task);
        }).ToArray();
        foreach (var (rows, n, task) in calls)
        {
            var scores = await task;
            Assert.Equal(n, scores.Length);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(MathF.Sqrt(1e7f - (rows[i * 3] + (2 * rows[(i * 3) + 1]))), scores[i], 2);
            }
        }

        Assert.Equal(32, batcher.Calls);
        Assert.True(batcher.Runs < batcher.Calls, $"{batcher.Runs} runs for {batcher.Calls} calls: nothing was merged");
    }
}
