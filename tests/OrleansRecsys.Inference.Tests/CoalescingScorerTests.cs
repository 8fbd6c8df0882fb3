using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

public sealed class CoalescingScorerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Concurrent_calls_share_runs_and_each_gets_exactly_its_own_scores(int instances)
    {
        using var scorer = OnnxScorer.Load(OnnxGraph.SqrtOfOffsetMinusLinear([1f, 2f, 0f], 1e7f), "features", "score", 3);
        var batcher = new CoalescingScorer(scorer, TimeSpan.FromMilliseconds(200), instances: new ScoringInstances(instances));
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

    [Fact]
    public async Task A_call_whose_deadline_passes_while_its_batch_waits_for_an_instance_is_not_run_and_the_rest_of_the_batch_is()
    {
        using var scorer = OnnxScorer.Load(OnnxGraph.SqrtOfOffsetMinusLinear([1f, 2f, 0f], 1e7f), "features", "score", 3);
        var clock = new ManualClock();
        var instances = new ScoringInstances(1, clock);
        // A window that closes as soon as both one-row calls are in it, however long the second takes to arrive.
        var batcher = new CoalescingScorer(scorer, TimeSpan.FromSeconds(30), maxRows: 2, instances: instances);
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => instances.RunAsync(static r => { r.Wait(); return 0; }, release, ScoringInstances.NoDeadline).AsTask());
        await TestWait.UntilAsync(() => instances.Running == 1);

        var hurried = new TaskCompletionSource<Task<float[]>>();
        new Thread(() => hurried.SetResult(batcher.ScoreAsync([1f, 0f, 0f], 1, instances.DeadlineAfter(TimeSpan.FromMilliseconds(50))))) { IsBackground = true }.Start();
        await TestWait.UntilAsync(() => Interlocked.Read(ref batcher.Calls) == 1);
        var patient = batcher.ScoreAsync([4f, 0f, 0f], 1);
        var hurriedCall = await hurried.Task;
        await TestWait.UntilAsync(() => instances.Waiting == 1);

        clock.Advance(TimeSpan.FromMilliseconds(51));
        release.Set();

        await Assert.ThrowsAsync<TimeoutException>(() => hurriedCall);
        Assert.Equal(MathF.Sqrt(1e7f - 4f), (await patient)[0], 2);
        await holder;
        Assert.Equal(1, Interlocked.Read(ref batcher.Runs));
    }

    [Fact]
    public async Task A_batch_whose_every_deadline_passed_before_an_instance_was_free_is_never_run()
    {
        using var scorer = OnnxScorer.Load(OnnxGraph.SqrtOfOffsetMinusLinear([1f, 2f, 0f], 1e7f), "features", "score", 3);
        var clock = new ManualClock();
        var instances = new ScoringInstances(1, clock);
        var batcher = new CoalescingScorer(scorer, TimeSpan.FromMilliseconds(1), instances: instances);
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => instances.RunAsync(static r => { r.Wait(); return 0; }, release, ScoringInstances.NoDeadline).AsTask());
        await TestWait.UntilAsync(() => instances.Running == 1);

        var call = batcher.ScoreAsync([1f, 0f, 0f], 1, instances.DeadlineAfter(TimeSpan.FromMilliseconds(50)));
        clock.Advance(TimeSpan.FromMilliseconds(51));
        release.Set();

        await Assert.ThrowsAsync<TimeoutException>(() => call);
        await holder;
        Assert.Equal(0, Interlocked.Read(ref batcher.Runs));
        Assert.Equal(1, instances.Expired);
    }
}
