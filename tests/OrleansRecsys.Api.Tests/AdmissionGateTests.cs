namespace OrleansRecsys.Api.Tests;

/// <summary>The admission gate's slots and time-bounded queue, on a clock the test moves.</summary>
public sealed class AdmissionGateTests
{
    private readonly ManualClock _clock = new();

    private AdmissionGate Gate(int slots, int queueLimit = 100) => new(new AdmissionOptions
    {
        MaxConcurrentRequests = slots,
        QueueLimit = queueLimit,
        QueueTimeoutMs = 20,
        StandingQueueTimeoutMs = 5,
        StandingQueueIntervalMs = 100,
    }, _clock);

    /// <summary>What a wait ended with; it must have ended (the gate settles synchronously on the caller's move).</summary>
    private static string? Settled(Task<string?> wait)
    {
        Assert.True(wait.IsCompleted, "the request is still waiting");
        return wait.GetAwaiter().GetResult();
    }

    [Fact]
    public void Free_slots_admit_at_once_and_a_full_gate_queues_the_next_request()
    {
        var gate = Gate(slots: 2);
        Assert.Null(Settled(gate.EnterAsync(default)));
        Assert.Null(Settled(gate.EnterAsync(default)));
        var third = gate.EnterAsync(default);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, gate.Waiting);

        gate.Release();
        Assert.Null(Settled(third)); // the freed slot passed to it
        Assert.Equal(2, gate.InFlight);
    }

    [Fact]
    public void A_waiter_whose_time_is_up_is_refused_when_the_gate_next_moves_and_is_never_admitted_late()
    {
        var gate = Gate(slots: 1);
        _ = gate.EnterAsync(default);
        var late = gate.EnterAsync(default);
        _clock.Advance(TimeSpan.FromMilliseconds(21));

        gate.Release();
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, Settled(late));
        Assert.Equal(0, gate.InFlight); // nobody was waiting in time: the slot is free again
        Assert.Null(Settled(gate.EnterAsync(default)));
    }

    [Fact]
    public void Waiters_whose_time_is_up_are_refused_as_a_newcomer_arrives_and_the_newcomer_waits_in_the_emptied_queue()
    {
        var gate = Gate(slots: 1);
        _ = gate.EnterAsync(default);
        var first = gate.EnterAsync(default);
        _clock.Advance(TimeSpan.FromMilliseconds(15));
        var second = gate.EnterAsync(default);
        _clock.Advance(TimeSpan.FromMilliseconds(90));

        var third = gate.EnterAsync(default);
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, Settled(first));
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, Settled(second));
        Assert.False(third.IsCompleted);
        Assert.Equal(1, gate.Waiting);
    }

    [Fact]
    public void A_queue_that_has_not_emptied_for_the_interval_stands_and_refuses_newcomers_once_its_head_waited_past_the_short_allowance()
    {
        var gate = Gate(slots: 1);
        _ = gate.EnterAsync(default);
        for (var t = 0; t < 100; t += 10)
        {
            Assert.False(gate.EnterAsync(default).IsCompleted); // a newcomer every 10 ms: the queue never empties
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 100 ms without a break: standing. Its head arrived 10 ms ago, past the standing 5 ms.
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, Settled(gate.EnterAsync(default)));
    }

    [Fact]
    public void A_slowly_moving_queue_refuses_newcomers_whose_turn_would_come_too_late()
    {
        var gate = Gate(slots: 1);
        _ = gate.EnterAsync(default);
        var a = gate.EnterAsync(default);
        var b = gate.EnterAsync(default);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        gate.Release(); // to a
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        gate.Release(); // to b: the queue moves one place a millisecond
        Assert.Null(Settled(a));
        Assert.Null(Settled(b));

        var waiting = new List<Task<string?>>();
        Task<string?> next;
        while (!(next = gate.EnterAsync(default)).IsCompleted)
        {
            waiting.Add(next);
        }

        Assert.Equal(20, waiting.Count); // 20 turns fit in 20 ms; the 21st would wait 21 ms
        Assert.Equal(AdmissionVerdict.RefusedQueueTime, Settled(next));
    }

    [Fact]
    public void A_waiter_whose_caller_left_gives_up_its_place_and_is_skipped()
    {
        var gate = Gate(slots: 1);
        _ = gate.EnterAsync(default);
        using var leaving = new CancellationTokenSource();
        var gone = gate.EnterAsync(leaving.Token);
        var staying = gate.EnterAsync(default);

        leaving.Cancel();
        Assert.Equal(AdmissionGate.Abandoned, Settled(gone));
        gate.Release();
        Assert.Null(Settled(staying));
    }

    [Fact]
    public void A_full_queue_refuses_as_full()
    {
        var gate = Gate(slots: 1, queueLimit: 1);
        _ = gate.EnterAsync(default);
        _ = gate.EnterAsync(default);
        Assert.Equal(AdmissionVerdict.RefusedQueueFull, Settled(gate.EnterAsync(default)));
    }
}
