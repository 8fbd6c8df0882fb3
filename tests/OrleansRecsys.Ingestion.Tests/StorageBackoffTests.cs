namespace OrleansRecsys.Ingestion.Tests;

/// <summary>The checkpoint's backoff while storage fails, with its jitter drawn from a seeded random.</summary>
public sealed class StorageBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    private static StorageBackoff Backoff(int seed = 1) => new(First, Longest, new Random(seed));

    [Fact]
    public void Nothing_is_held_and_every_attempt_is_due_until_a_flush_fails()
    {
        var backoff = Backoff();

        Assert.False(backoff.Holding);
        Assert.True(backoff.AttemptDue(0));
    }

    [Fact]
    public void A_failed_flush_holds_consumption_and_delays_the_next_attempt_by_one_to_three_first_retries()
    {
        var backoff = Backoff();

        var delay = backoff.RecordFailure(nowTicks: 1_000);

        Assert.True(backoff.Holding);
        Assert.InRange(delay, First, 3 * First);
        var due = 1_000 + (long)delay.TotalMilliseconds;
        Assert.False(backoff.AttemptDue(due - 1));
        Assert.True(backoff.AttemptDue(due));
    }

    [Fact]
    public void Each_delay_lies_between_the_first_retry_and_three_times_the_last_delay_capped_at_the_longest()
    {
        var backoff = Backoff(seed: 7);
        var last = First;

        for (var failure = 1; failure <= 40; failure++)
        {
            var delay = backoff.RecordFailure(0);
            var ceiling = TimeSpan.FromTicks(Math.Min(Longest.Ticks, 3 * last.Ticks));
            Assert.InRange(delay, First, ceiling);
            last = delay;
        }

        Assert.Equal(40, backoff.Failures);
    }

    [Fact]
    public void Delays_grow_towards_the_longest_retry_while_failures_go_on()
    {
        var backoff = Backoff(seed: 3);

        var delays = Enumerable.Range(0, 30).Select(_ => backoff.RecordFailure(0)).ToArray();

        Assert.Contains(delays, d => d > Longest / 2);
        Assert.All(delays[20..], d => Assert.InRange(d, First, Longest));
    }

    [Fact]
    public void Silos_that_lose_storage_at_the_same_instant_retry_at_different_instants()
    {
        // Without jitter every silo's schedule would be the same sequence, bursting against a recovering database.
        var schedules = Enumerable.Range(1, 8).Select(seed =>
        {
            var backoff = Backoff(seed);
            return string.Join(",", Enumerable.Range(0, 3).Select(_ => backoff.RecordFailure(0).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        }).ToList();

        Assert.Equal(schedules.Count, schedules.Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule()
    {
        var a = Backoff(seed: 11);
        var b = Backoff(seed: 11);

        Assert.Equal(Enumerable.Range(0, 10).Select(_ => a.RecordFailure(0)), Enumerable.Range(0, 10).Select(_ => b.RecordFailure(0)));
    }

    [Fact]
    public void Release_ends_the_hold_and_the_next_failure_starts_again_from_the_first_retries()
    {
        var backoff = Backoff(seed: 5);
        for (var i = 0; i < 10; i++)
        {
            backoff.RecordFailure(0);
        }

        backoff.Release();

        Assert.False(backoff.Holding);
        Assert.True(backoff.AttemptDue(0));
        Assert.InRange(backoff.RecordFailure(0), First, 3 * First);
    }
}
