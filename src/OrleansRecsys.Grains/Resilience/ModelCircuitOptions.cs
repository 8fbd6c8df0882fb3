using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Grains.Resilience;

/// <summary>
/// Options under <c>Recsys:Grid:CircuitBreaker</c>: when a silo stops sending requests to a model version that keeps
/// failing or missing its deadline. Each silo judges each version on its own traffic. Within the last
/// <see cref="SamplingDurationMs"/>, once at least <see cref="MinimumThroughput"/> requests reached the version and at least
/// <see cref="FailureRatio"/> of them failed, the circuit opens: for <see cref="BreakDurationMs"/> the version's requests
/// are answered by the popularity baseline at once (reason <c>circuit_open</c>). Then one request probes the version: a
/// good answer closes the circuit, a failure opens it again. A version that trips again before it has stayed closed as
/// long as its last break (a failed probe, or a model that serves one probe but not full traffic) is flapping: each such
/// trip doubles the break, up to <see cref="MaxBreakDurationMs"/>. The bounds are the ones the resilience library accepts.
/// </summary>
public sealed class ModelCircuitOptions
{
    public const string Section = GridOptions.Section + ":CircuitBreaker";

    /// <summary>Off: every request tries the model and waits out its deadline, however often the version fails.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of failed requests (model errors and deadlines the model used up) that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = Section + ":FailureRatio must be between {1} and {2}.")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Requests the sampling window needs before the ratio is judged, so a single failure on a quiet version
    /// does not open it.</summary>
    [Range(2, 1_000_000, ErrorMessage = Section + ":MinimumThroughput must be between {1} and {2}.")]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over.</summary>
    [Range(500, 600_000, ErrorMessage = Section + ":SamplingDurationMs must be between {1} and {2}.")]
    public int SamplingDurationMs { get; set; } = 2000;

    /// <summary>How long an open circuit answers with the baseline before a probe request may try the version again.</summary>
    [Range(500, 3_600_000, ErrorMessage = Section + ":BreakDurationMs must be between {1} and {2}.")]
    public int BreakDurationMs { get; set; } = 5000;

    /// <summary>The longest break of a flapping version: breaks double from <see cref="BreakDurationMs"/> up to this.</summary>
    [Range(500, 3_600_000, ErrorMessage = Section + ":MaxBreakDurationMs must be between {1} and {2}.")]
    public int MaxBreakDurationMs { get; set; } = 60_000;
}
