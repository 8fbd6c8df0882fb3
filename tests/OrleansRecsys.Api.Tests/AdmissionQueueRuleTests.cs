namespace OrleansRecsys.Api.Tests;

/// <summary>The time rule of the admission queue on its own: what a request that finds every slot taken is told.</summary>
public sealed class AdmissionQueueRuleTests
{
    private static readonly AdmissionOptions Options = new()
    {
        QueueLimit = 100,
        QueueTimeoutMs = 20,
        StandingQueueTimeoutMs = 5,
        StandingQueueIntervalMs = 100,
    };

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_request_behind_a_queue_that_empties_now_and_then_may_wait_the_burst_allowance()
    {
        var verdict = AdmissionQueueRule.Judge(new AdmissionQueueView(Waiting: 3, SinceEmpty: Ms(40), OldestWait: Ms(15), ReleaseInterval: null), Options);
        Assert.True(verdict.Waits);
        Assert.Equal(Ms(20), verdict.Allowance);
    }

    [Fact]
    public void An_empty_queue_lets_a_request_wait_the_burst_allowance()
    {
        var verdict = AdmissionQueueRule.Judge(new AdmissionQueueView(0, TimeSpan.Zero, TimeSpan.Zero, ReleaseInterval: Ms(0.2)), Options);
        Assert.Equal(AdmissionVerdict.Wait(Ms(20)), verdict);
    }

    [Fact]
    public void A_queue_that_has_not_emptied_for_the_interval_is_standing_and_allows_only_the_short_wait()
    {
        var verdict = AdmissionQueueRule.Judge(new AdmissionQueueView(3, SinceEmpty: Ms(100), OldestWait: Ms(2), ReleaseInterval: null), Options);
        Assert.Equal(AdmissionVerdict.Wait(Ms(5)), verdict);
    }

    [Fact]
    public void When_the_head_has_waited_longer_than_the_allowance_a_new_request_is_refused_at_once()
    {
        Assert.Equal(AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime),
            AdmissionQueueRule.Judge(new AdmissionQueueView(3, SinceEmpty: Ms(150), OldestWait: Ms(6), ReleaseInterval: null), Options));
        Assert.Equal(AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime),
            AdmissionQueueRule.Judge(new AdmissionQueueView(3, SinceEmpty: Ms(50), OldestWait: Ms(21), ReleaseInterval: null), Options));
    }

    [Fact]
    public void When_the_queue_moves_too_slowly_for_the_turn_to_come_in_time_a_request_is_refused_at_once()
    {
        // One place a millisecond: behind 19 others a turn comes in 20 ms (allowed), behind 20 in 21 ms (too late).
        Assert.True(AdmissionQueueRule.Judge(new AdmissionQueueView(19, Ms(10), Ms(1), ReleaseInterval: Ms(1)), Options).Waits);
        Assert.Equal(AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime),
            AdmissionQueueRule.Judge(new AdmissionQueueView(20, Ms(10), Ms(1), ReleaseInterval: Ms(1)), Options));
    }

    [Fact]
    public void A_queue_at_its_length_limit_refuses_whatever_the_time()
    {
        Assert.Equal(AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueFull),
            AdmissionQueueRule.Judge(new AdmissionQueueView(100, TimeSpan.Zero, TimeSpan.Zero, null), Options));
        var noQueue = new AdmissionOptions { QueueLimit = 0 };
        Assert.Equal(AdmissionVerdict.RefusedQueueFull, AdmissionQueueRule.Judge(new AdmissionQueueView(0, TimeSpan.Zero, TimeSpan.Zero, null), noQueue).Refusal);
    }

    [Fact]
    public void A_standing_allowance_of_zero_refuses_at_once_while_the_queue_stands()
    {
        var options = new AdmissionOptions { QueueLimit = 100, QueueTimeoutMs = 20, StandingQueueTimeoutMs = 0, StandingQueueIntervalMs = 100 };
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, AdmissionQueueRule.Judge(new AdmissionQueueView(1, Ms(100), TimeSpan.Zero, null), options).Refusal);
        Assert.True(AdmissionQueueRule.Judge(new AdmissionQueueView(1, Ms(99), TimeSpan.Zero, null), options).Waits);
    }
}
