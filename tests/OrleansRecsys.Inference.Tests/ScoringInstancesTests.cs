namespace OrleansRecsys.Inference.Tests;

/// <summary>
/// A version's instances bound its runs in flight; runs past the bound wait in arrival order, and one whose deadline passes
/// while it waits never starts. Runs here block on a gate the test opens, so which runs are inside an instance at any
/// moment is known without timing.
/// </summary>
public sealed class ScoringInstancesTests
{
    /// <summary>A run that records that it started, then blocks until the test lets it finish.</summary>
    private sealed class BlockingRun
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly SemaphoreSlim _started = new(0);
        private int _inside;
        private int _mostInside;
        private int _starts;

        public int MostInside => Volatile.Read(ref _mostInside);
        public int Starts => Volatile.Read(ref _starts);

        public int Run(int id)
        {
            Interlocked.Increment(ref _starts);
            var inside = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _mostInside, inside);
            _started.Release();
            _release.Wait();
            Interlocked.Decrement(ref _inside);
            return id;
        }

        public Task WaitForStartsAsync(int count) => Task.WhenAll(Enumerable.Range(0, count).Select(_ => _started.WaitAsync()));

        public void ReleaseAll() => _release.Set();

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>Calls RunAsync from a thread of its own, so a run that gets an instance at once blocks that thread, not the test.</summary>
    private static Task<int> StartOnOwnThread(ScoringInstances instances, BlockingRun run, int id, long deadline = ScoringInstances.NoDeadline)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                instances.RunAsync(static s => s.Run.Run(s.Id), (Run: run, Id: id), deadline).AsTask()
                    .ContinueWith(t => done.TrySetFromTask(t), TaskScheduler.Default);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }) { IsBackground = true }.Start();
        return done.Task;
    }

    [Fact]
    public async Task With_two_instances_a_third_concurrent_run_waits_until_one_of_the_first_two_finishes()
    {
        var instances = new ScoringInstances(2);
        var run = new BlockingRun();
        var first = StartOnOwnThread(instances, run, 1);
        var second = StartOnOwnThread(instances, run, 2);
        await run.WaitForStartsAsync(2);

        var third = StartOnOwnThread(instances, run, 3);
        await TestWait.UntilAsync(() => instances.Waiting == 1);

        Assert.Equal((2, 2, 1), (run.Starts, instances.Running, instances.Waiting));
        run.ReleaseAll();
        Assert.Equal(new[] { 1, 2, 3 }, await Task.WhenAll(first, second, third));
        Assert.Equal(3, run.Starts);
        Assert.Equal(2, run.MostInside);
        Assert.Equal((0, 0), (instances.Running, instances.Waiting));
    }

    [Fact]
    public async Task A_queued_run_whose_deadline_passes_while_it_waits_never_starts_and_ends_as_a_timeout()
    {
        var clock = new ManualClock();
        var instances = new ScoringInstances(1, clock);
        var run = new BlockingRun();
        var holder = StartOnOwnThread(instances, run, 1);
        await run.WaitForStartsAsync(1);
        var late = instances.RunAsync(static r => r.Run(2), run, instances.DeadlineAfter(TimeSpan.FromMilliseconds(50))).AsTask();
        var patient = instances.RunAsync(static r => r.Run(3), run, ScoringInstances.NoDeadline).AsTask();

        clock.Advance(TimeSpan.FromMilliseconds(51));
        run.ReleaseAll();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => late);
        Assert.Contains("was not started", error.Message);
        Assert.Equal(1, await holder);
        Assert.Equal(3, await patient);
        Assert.Equal(2, run.Starts);
        Assert.Equal(1, instances.Expired);
        Assert.Equal(0, instances.Running);
    }

    [Fact]
    public async Task A_run_that_arrives_past_its_deadline_is_not_started_even_with_an_instance_free()
    {
        var clock = new ManualClock();
        var instances = new ScoringInstances(1, clock);
        var deadline = instances.DeadlineAfter(TimeSpan.FromMilliseconds(10));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        var started = false;

        await Assert.ThrowsAsync<TimeoutException>(() => instances.RunAsync(_ => started = true, 0, deadline).AsTask());

        Assert.False(started);
        Assert.Equal((1L, 0), (instances.Expired, instances.Running));
    }

    [Fact]
    public async Task Waiting_runs_get_the_instance_in_the_order_they_arrived()
    {
        var instances = new ScoringInstances(1);
        var run = new BlockingRun();
        var holder = StartOnOwnThread(instances, run, 0);
        await run.WaitForStartsAsync(1);
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 5).Select(i => instances.RunAsync(static s => { lock (s.Order) { s.Order.Add(s.Id); } return s.Id; },
            (Order: order, Id: i), ScoringInstances.NoDeadline).AsTask()).ToArray();

        run.ReleaseAll();
        await Task.WhenAll(waiting);
        await holder;

        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, order);
    }

    [Fact]
    public async Task A_run_that_throws_frees_its_instance_for_the_next()
    {
        var instances = new ScoringInstances(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => instances.RunAsync<int, int>(_ => throw new InvalidOperationException("model failed"), 0,
            ScoringInstances.NoDeadline).AsTask());

        Assert.Equal(0, instances.Running);
        Assert.Equal(7, await instances.RunAsync(static x => x + 1, 6, ScoringInstances.NoDeadline));
    }
}
