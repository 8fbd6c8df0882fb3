using System.Diagnostics.Metrics;
using OrleansRecsys.Grains.Resilience;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Resilience;

public sealed class ModelCircuitBreakersTests
{
    private static readonly ModelCircuitOptions Options = new() { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDurationMs = 2000, BreakDurationMs = 5000 };
    private static readonly ScoringResult Good = ScoringResult.Scored([0.5f], ["f"], null, 0.1);
    private static readonly ScoringResult Failed = ScoringResult.Fallback(FallbackReasons.ModelError) with { ModelAtFault = true };

    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(50);

    private readonly ManualClock _clock = new();
    private readonly RecsysMetrics _metrics = new();
    private readonly ModelCircuitBreakers _breakers;
    private readonly string _model = "circuit-" + Guid.NewGuid().ToString("N");
    private int _calls;

    public ModelCircuitBreakersTests() => _breakers = new ModelCircuitBreakers(Microsoft.Extensions.Options.Options.Create(Options), _metrics, _clock);

    private async Task<ScoringResult> ScoreAsync(ScoringResult answer, string version = "v1") =>
        await _breakers.For(_model, version).ExecuteAsync(static s => { s.Self._calls++; return ValueTask.FromResult(s.Answer); }, (Self: this, Answer: answer));

    private async Task FailAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(FallbackReasons.ModelError, (await ScoreAsync(Failed)).FallbackReason);
        }
    }

    [Fact]
    public async Task The_circuit_opens_after_enough_failures_and_then_answers_circuit_open_without_calling_the_model()
    {
        await ScoreAsync(Good);
        await FailAsync(3);
        Assert.Equal(ModelCircuitStates.Open, _breakers.StateOf(_model, "v1"));

        var callsBefore = _calls;
        var answer = await ScoreAsync(Good);
        Assert.Equal(FallbackReasons.CircuitOpen, answer.FallbackReason);
        Assert.Null(answer.Scores);
        Assert.Equal(callsBefore, _calls);
    }

    [Fact]
    public async Task Fewer_requests_than_the_minimum_throughput_never_open_the_circuit()
    {
        await FailAsync(3);
        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));
        Assert.NotNull((await ScoreAsync(Good)).Scores);
    }

    [Fact]
    public async Task Fallbacks_the_model_did_not_cause_do_not_count_against_it()
    {
        var slowFeatures = ScoringResult.Fallback(FallbackReasons.Deadline);
        for (var i = 0; i < 10; i++)
        {
            await ScoreAsync(slowFeatures);
        }

        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));
    }

    [Fact]
    public async Task After_the_break_a_good_probe_closes_the_circuit_and_the_model_serves_again()
    {
        await FailAsync(4);
        _clock.Advance(TimeSpan.FromMilliseconds(Options.BreakDurationMs + 1));

        var probe = await ScoreAsync(Good);
        Assert.NotNull(probe.Scores);
        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));
        Assert.NotNull((await ScoreAsync(Good)).Scores);
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again_for_another_break()
    {
        await FailAsync(4);
        _clock.Advance(TimeSpan.FromMilliseconds(Options.BreakDurationMs + 1));

        Assert.Equal(FallbackReasons.ModelError, (await ScoreAsync(Failed)).FallbackReason);
        Assert.Equal(ModelCircuitStates.Open, _breakers.StateOf(_model, "v1"));
        Assert.Equal(FallbackReasons.CircuitOpen, (await ScoreAsync(Good)).FallbackReason);
    }

    [Fact]
    public async Task A_failed_probe_doubles_the_next_break()
    {
        await FailAsync(4);
        await AfterBreakAsync(TimeSpan.FromMilliseconds(Options.BreakDurationMs), Failed);

        await AssertOpenForAsync(TimeSpan.FromMilliseconds(2 * Options.BreakDurationMs));
    }

    [Fact]
    public async Task A_version_that_fails_again_soon_after_a_good_probe_is_flapping_and_its_break_doubles()
    {
        await FailAsync(4);
        await AfterBreakAsync(TimeSpan.FromMilliseconds(Options.BreakDurationMs), Good);
        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));
        await FailAsync(4);

        await AssertOpenForAsync(TimeSpan.FromMilliseconds(2 * Options.BreakDurationMs));
    }

    [Fact]
    public async Task A_version_that_stayed_closed_as_long_as_its_last_break_starts_again_from_the_first_break()
    {
        await FailAsync(4);
        await AfterBreakAsync(TimeSpan.FromMilliseconds(Options.BreakDurationMs), Good);
        _clock.Advance(TimeSpan.FromMilliseconds(Options.BreakDurationMs));
        await ScoreAsync(Good);
        await FailAsync(3);

        await AssertOpenForAsync(TimeSpan.FromMilliseconds(Options.BreakDurationMs));
    }

    [Fact]
    public async Task Breaks_of_a_version_that_keeps_failing_stop_growing_at_the_longest_break()
    {
        var options = new ModelCircuitOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDurationMs = 2000, BreakDurationMs = 5000, MaxBreakDurationMs = 12_000 };
        var breakers = new ModelCircuitBreakers(Microsoft.Extensions.Options.Options.Create(options), _metrics, _clock);
        for (var i = 0; i < 4; i++)
        {
            await breakers.For(_model, "v1").ExecuteAsync(static r => ValueTask.FromResult(r), Failed);
        }

        foreach (var expected in new[] { 5_000, 10_000, 12_000, 12_000 })
        {
            _clock.Advance(TimeSpan.FromMilliseconds(expected - 1));
            Assert.Equal(FallbackReasons.CircuitOpen, (await breakers.For(_model, "v1").ExecuteAsync(static r => ValueTask.FromResult(r), Good)).FallbackReason);
            _clock.Advance(TimeSpan.FromMilliseconds(2));
            Assert.Equal(FallbackReasons.ModelError, (await breakers.For(_model, "v1").ExecuteAsync(static r => ValueTask.FromResult(r), Failed)).FallbackReason);
        }
    }

    /// <summary>Lets <paramref name="wait"/> pass and sends one request (the half-open probe) answering <paramref name="answer"/>.</summary>
    private async Task AfterBreakAsync(TimeSpan wait, ScoringResult answer)
    {
        _clock.Advance(wait + TimeSpan.FromMilliseconds(1));
        await ScoreAsync(answer);
    }

    /// <summary>The circuit answers <c>circuit_open</c> until just before <paramref name="duration"/> has passed, and lets a
    /// probe through just after.</summary>
    private async Task AssertOpenForAsync(TimeSpan duration)
    {
        _clock.Advance(duration - TimeSpan.FromMilliseconds(1));
        Assert.Equal(FallbackReasons.CircuitOpen, (await ScoreAsync(Good)).FallbackReason);
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.NotNull((await ScoreAsync(Good)).Scores);
    }

    [Fact]
    public async Task While_a_half_open_probe_is_in_flight_other_requests_fall_back_at_once()
    {
        await FailAsync(4);
        _clock.Advance(TimeSpan.FromMilliseconds(Options.BreakDurationMs + 1));
        var release = new TaskCompletionSource<ScoringResult>();
        var probe = _breakers.For(_model, "v1").ExecuteAsync(static t => new ValueTask<ScoringResult>(t.Task), release).AsTask();

        Assert.Equal(ModelCircuitStates.HalfOpen, _breakers.StateOf(_model, "v1"));
        Assert.Equal(FallbackReasons.CircuitOpen, (await ScoreAsync(Good)).FallbackReason);
        release.SetResult(Good);
        Assert.NotNull((await probe).Scores);
        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));
    }

    [Fact]
    public async Task Each_version_has_its_own_circuit()
    {
        await FailAsync(4);
        Assert.NotNull((await ScoreAsync(Good, "v2")).Scores);
        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v2"));
    }

    [Fact]
    public async Task States_and_transitions_are_exported_as_metrics()
    {
        var states = new List<int>();
        var transitions = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name is "recsys_model_circuit_state" or "recsys_model_circuit_transitions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            if (Tag(tags, "model") == _model)
            {
                states.Add(value);
            }
        });
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Tag(tags, "model") == _model)
            {
                transitions.Add(Tag(tags, "state"));
            }
        });
        listener.Start();

        await FailAsync(4);
        _clock.Advance(TimeSpan.FromMilliseconds(Options.BreakDurationMs + 1));
        await ScoreAsync(Good);
        listener.RecordObservableInstruments();

        Assert.Equal([ModelCircuitStates.Open, ModelCircuitStates.HalfOpen, ModelCircuitStates.Closed], transitions);
        Assert.Equal([ModelCircuit.ClosedValue], states);
    }

    [Fact]
    public void Calls_their_callers_abandoned_count_against_a_version_whose_model_calls_take_most_of_the_deadline()
    {
        // The version answers, but each model call takes 40 ms of a 50 ms deadline: the queue behind it is its own doing.
        var circuit = _breakers.For(_model, "v1");
        circuit.Record(Good, TimeSpan.FromMilliseconds(40));
        circuit.Record(Good, TimeSpan.FromMilliseconds(40));

        for (var i = 0; i < 3; i++)
        {
            circuit.RecordAbandoned(Deadline);
        }

        // Scored instead, the three would have been good answers (5 good of 5) and the circuit would have stayed closed.
        Assert.Equal(ModelCircuitStates.Open, _breakers.StateOf(_model, "v1"));
    }

    [Fact]
    public void Calls_their_callers_abandoned_are_not_counted_at_all_for_a_version_whose_model_calls_are_fast()
    {
        var circuit = _breakers.For(_model, "v1");
        circuit.Record(Good, TimeSpan.FromMilliseconds(1));
        circuit.Record(Good, TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 20; i++)
        {
            circuit.RecordAbandoned(Deadline); // a saturated silo, not this version: no failure
        }

        Assert.Equal(ModelCircuitStates.Closed, _breakers.StateOf(_model, "v1"));

        // Nor a success: three failures against the two good answers open it (3 of 5), as if the abandoned calls never were.
        for (var i = 0; i < 3; i++)
        {
            circuit.Record(Failed, TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ModelCircuitStates.Open, _breakers.StateOf(_model, "v1"));
    }

    [Fact]
    public void The_recent_model_time_is_a_running_average_of_the_model_calls()
    {
        var circuit = _breakers.For(_model, "v1");
        Assert.Equal(TimeSpan.Zero, circuit.RecentModelTime);
        circuit.Record(Good, TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(10), circuit.RecentModelTime);
        circuit.Record(Good, null); // no model call (the session was missing): the average stays
        circuit.Record(Good, TimeSpan.FromMilliseconds(60));
        Assert.Equal(TimeSpan.FromMilliseconds(20), circuit.RecentModelTime);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return (string)tag.Value!;
            }
        }

        return "";
    }
}
