namespace OrleansRecsys;

/// <summary>
/// Why a ranking answer came from the popularity baseline instead of a model (<see cref="RankResponse.FallbackReason"/>,
/// set exactly when <see cref="RankResponse.Fallback"/> is true). This is the complete set.
/// </summary>
public static class FallbackReasons
{
    /// <summary>The model has no rollout plan or no stable version.</summary>
    public const string NoModel = "no_model";

    /// <summary>The model version failed to score (an error from the ONNX session or a non-finite score).</summary>
    public const string ModelError = "model_error";

    /// <summary>The model version cannot serve (it failed to load or was retired).</summary>
    public const string ModelUnhealthy = "model_unhealthy";

    /// <summary>
    /// The answer was not ready within the request's deadline: scoring ran late in the grid, or the caller (the HTTP API,
    /// the typed client) got no answer from the grid within the deadline plus its grace and answered itself.
    /// </summary>
    public const string Deadline = "deadline";

    /// <summary>
    /// The model version's circuit breaker in the serving silo is open: the version failed or ran late on too many recent
    /// requests, so it is not called until a probe request succeeds again.
    /// </summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>A grain the answer needed was unreachable (its silo went away, or the call timed out).</summary>
    public const string FeatureError = "feature_error";

    /// <summary>
    /// The caller (the HTTP API, the typed client) could not reach the silo serving the request: the connection failed,
    /// the silo is declared dead, or the message was rejected. The caller answered from its own popularity snapshot.
    /// </summary>
    public const string SiloUnavailable = "silo_unavailable";

    /// <summary>A recommend request found no candidates (no popular items, none left after exclusions).</summary>
    public const string NoCandidates = "no_candidates";

    /// <summary>Every reason, in the order docs/api.md lists them.</summary>
    public static readonly IReadOnlyList<string> All = [NoModel, ModelUnhealthy, ModelError, CircuitOpen, Deadline, FeatureError, SiloUnavailable, NoCandidates];
}
