using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Resilience;

/// <summary>
/// This silo's circuit breakers, one per model version it serves (<see cref="ModelCircuit"/>), made on a version's first
/// request. Versions come from rollout plans, so the set is bounded by what is registered, not by what callers send.
/// Exports each circuit's state (<c>recsys_model_circuit_state</c>) and counts its transitions
/// (<c>recsys_model_circuit_transitions_total</c>).
/// </summary>
internal sealed class ModelCircuitBreakers
{
    private readonly ConcurrentDictionary<(string Model, string Version), ModelCircuit> _circuits = new();
    private readonly ModelCircuitOptions _options;
    private readonly RecsysMetrics _metrics;
    private readonly TimeProvider _time;

    public ModelCircuitBreakers(IOptions<ModelCircuitOptions> options, RecsysMetrics metrics, TimeProvider? time = null)
    {
        _options = options.Value;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        metrics.RegisterModelCircuits(ObserveStates);
    }

    /// <summary>Whether circuits are in use at all (<see cref="ModelCircuitOptions.Enabled"/>).</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The circuit of <paramref name="model"/>@<paramref name="version"/> in this silo.</summary>
    public ModelCircuit For(string model, string version) =>
        _circuits.TryGetValue((model, version), out var circuit) ? circuit : _circuits.GetOrAdd((model, version), static (key, self) => self.Create(key), this);

    /// <summary>The state of a version's circuit, or closed for a version this silo has not served.</summary>
    public string StateOf(string model, string version) =>
        _circuits.TryGetValue((model, version), out var circuit) ? circuit.State : ModelCircuitStates.Closed;

    private ModelCircuit Create((string Model, string Version) key) => new(key.Model, key.Version, _options, _time, Transitioned);

    private void Transitioned(ModelCircuit circuit, string state) =>
        _metrics.ModelCircuitTransitions.Add(1, new TagList { { "model", circuit.Model }, { "version", circuit.Version }, { "state", state } });

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var circuit in _circuits.Values)
        {
            yield return new Measurement<int>(circuit.StateValue, new KeyValuePair<string, object?>("model", circuit.Model),
                new KeyValuePair<string, object?>("version", circuit.Version));
        }
    }
}
