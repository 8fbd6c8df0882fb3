using Polly;
using Polly.CircuitBreaker;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Resilience;

/// <summary>
/// The circuit breaker of one model version in this silo: a Polly circuit breaker around the version's scoring. Scoring
/// answers with values (scores, or a fallback with a reason), never by throwing, so the breaker judges the value
/// (<see cref="ScoringResult.ModelAtFault"/>) and an open circuit comes back as the <c>circuit_open</c> fallback, not as
/// an exception on the request path.
/// <para>
/// While the circuit is closed (nearly always), the caller scores on its own and hands the result to
/// <see cref="Record"/>, which passes it through the breaker synchronously: the hot path then pays no asynchronous
/// wrapper. Only a circuit that is open or half-open runs scoring inside the breaker (<see cref="ExecuteAsync"/>), so
/// the breaker itself decides which single request probes the version.
/// </para>
/// </summary>
internal sealed class ModelCircuit
{
    /// <summary>The states as the <c>recsys_model_circuit_state</c> gauge reports them.</summary>
    public const int ClosedValue = 0, OpenValue = 1, HalfOpenValue = 2;

    /// <summary>Weight of the newest model call in the running average of the version's model time.</summary>
    private const double ModelTimeWeight = 0.2;

    /// <summary>A call its caller abandoned, counted against the version (<see cref="RecordAbandoned"/>).</summary>
    private static readonly ScoringResult Abandoned = ScoringResult.Fallback(FallbackReasons.Deadline) with { ModelAtFault = true };

    private readonly ResiliencePipeline<ScoringResult> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly BreakSchedule _breaks;
    private long _modelTimeTicks;

    public ModelCircuit(string model, string version, ModelCircuitOptions options, TimeProvider time, Action<ModelCircuit, string> transitioned)
    {
        Model = model;
        Version = version;
        _breaks = new BreakSchedule(options, time);
        _pipeline = new ResiliencePipelineBuilder<ScoringResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ScoringResult>
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = TimeSpan.FromMilliseconds(options.SamplingDurationMs),
                BreakDurationGenerator = _ => new ValueTask<TimeSpan>(_breaks.Next(_state.CircuitState)),
                StateProvider = _state,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is not null || args.Outcome.Result is { ModelAtFault: true }),
                OnOpened = _ => Report(transitioned, ModelCircuitStates.Open),
                OnHalfOpened = _ => Report(transitioned, ModelCircuitStates.HalfOpen),
                OnClosed = _ =>
                {
                    _breaks.Closed();
                    return Report(transitioned, ModelCircuitStates.Closed);
                },
            })
            .Build();
    }

    public string Model { get; }

    public string Version { get; }

    /// <summary>The state's name (<see cref="ModelCircuitStates"/>).</summary>
    public string State => _state.CircuitState switch
    {
        CircuitState.Closed => ModelCircuitStates.Closed,
        CircuitState.HalfOpen => ModelCircuitStates.HalfOpen,
        _ => ModelCircuitStates.Open,
    };

    /// <summary>The state as the gauge's number: 0 closed, 1 open (or isolated), 2 half-open.</summary>
    public int StateValue => _state.CircuitState switch
    {
        CircuitState.Closed => ClosedValue,
        CircuitState.HalfOpen => HalfOpenValue,
        _ => OpenValue,
    };

    /// <summary>Whether the circuit is closed: the caller may score and then <see cref="Record"/> the result.</summary>
    public bool IsClosed => _state.CircuitState == CircuitState.Closed;

    /// <summary>The running average of how long this version's recent model calls took (zero before the first).</summary>
    public TimeSpan RecentModelTime => TimeSpan.FromTicks(Volatile.Read(ref _modelTimeTicks));

    /// <summary>
    /// <see cref="Record(ScoringResult)"/>, and the time the model call took when one was made (to the answer, or to the
    /// deadline that ended the wait for it), into <see cref="RecentModelTime"/>.
    /// </summary>
    public void Record(ScoringResult result, TimeSpan? modelTime)
    {
        if (modelTime is { } time)
        {
            // Concurrent requests may overwrite each other's update: an average that misses a sample is good enough here.
            var current = Volatile.Read(ref _modelTimeTicks);
            Volatile.Write(ref _modelTimeTicks, current == 0 ? time.Ticks : current + (long)(ModelTimeWeight * (time.Ticks - current)));
        }

        Record(result);
    }

    /// <summary>
    /// A call routed to this version that reached the grid only after its caller had answered <c>deadline</c> without it
    /// (it waited in the silo's queues). It is not scored, so it cannot count as a success; it counts as a missed deadline
    /// when the version's own model calls take at least half of <paramref name="deadline"/> on average, since then the
    /// queues it waited in are the ones the version's slow calls fill (its model runs hold the silo's cores and threads).
    /// Otherwise the wait was somebody else's (feature reads, a saturated silo) and the call is not counted at all: an
    /// overloaded silo must not open the circuits of healthy versions.
    /// </summary>
    public void RecordAbandoned(TimeSpan deadline)
    {
        if (IsClosed && RecentModelTime >= deadline / 2)
        {
            Record(Abandoned); // never as a half-open circuit's probe: the version was not tried
        }
    }

    /// <summary>Lets a result scored while the circuit was closed count for or against the version. If the circuit opened
    /// meanwhile, the result is still the answer; it is just not counted.</summary>
    public void Record(ScoringResult result)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            var recorded = _pipeline.ExecuteOutcomeAsync(static (_, r) => new ValueTask<Outcome<ScoringResult>>(Outcome.FromResult(r)), context, result);
            if (recorded.IsCompletedSuccessfully)
            {
                _ = recorded.Result;
            }
            else
            {
                // The breaker's callbacks all complete at once, so this does not happen; observe it all the same.
                _ = recorded.AsTask();
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Runs <paramref name="scoring"/> unless the circuit is open, and lets its result count for or against the version.
    /// With the circuit open (or a half-open probe already in flight) scoring is not started and the answer is the
    /// <c>circuit_open</c> fallback.
    /// </summary>
    public async ValueTask<ScoringResult> ExecuteAsync<TState>(Func<TState, ValueTask<ScoringResult>> scoring, TState state)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (_, call) => RunAsync(call.Scoring, call.State), context, (Scoring: scoring, State: state));
            return outcome.Exception switch
            {
                null => outcome.Result!,
                BrokenCircuitException => ScoringResult.Fallback(FallbackReasons.CircuitOpen),
                _ => ScoringResult.Fallback(FallbackReasons.ModelError),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The callback of <c>ExecuteOutcomeAsync</c> must not throw: a failure travels as the outcome.</summary>
    private static async ValueTask<Outcome<ScoringResult>> RunAsync<TState>(Func<TState, ValueTask<ScoringResult>> scoring, TState state)
    {
        try
        {
            return Outcome.FromResult(await scoring(state));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<ScoringResult>(ex);
        }
    }

    private ValueTask Report(Action<ModelCircuit, string> transitioned, string state)
    {
        transitioned(this, state);
        return default;
    }
}
