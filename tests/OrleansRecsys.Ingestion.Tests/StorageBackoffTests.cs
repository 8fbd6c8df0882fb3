namespace OrleansRecsys.Ingestion.Tests;

public sealed class StorageBackoffTests
{
    private static StorageBackoff Backoff() => new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    [Fact]
    public void Nothing_is_held_and_every_attempt_is_due_until_a_flush_fails()
    {
        var backoff = Backoff();

        Assert.False(backoff.Holding);
        Assert.True(backoff.AttemptDue(0));
    }

    [Fact]
    public void A_failed_flush_holds_consumption_and_delays_the_next_attempt()
    {
        var backoff = Backoff();

        var delay = backoff.RecordFailure(nowTicks: 1_000);

        Assert.True(backoff.Holding);
        Assert.Equal(TimeSpan.FromMilliseconds(200), delay);
        Assert.False(backoff.AttemptDue(1_199));
        Assert.True(backoff.AttemptDue(1_200));
    }

    [Fact]
    public void Delays_double_per_consecutive_failure_up_to_the_longest_retry()
    {
        var backoff = Backoff();

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.RecordFailure(0).TotalMilliseconds).ToArray();

        Assert.Equal([200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000], delays);
        Assert.Equal(8, backoff.Failures);
    }

    [Fact]
    public void Release_ends_the_hold_and_the_next_failure_starts_from_the_first_retry()
    {
        var backoff = Backoff();
        backoff.RecordFailure(0);
        backoff.RecordFailure(0);

        backoff.Release();

        Assert.False(backoff.Holding);
        Assert.True(backoff.AttemptDue(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.RecordFailure(0));
    }
}
