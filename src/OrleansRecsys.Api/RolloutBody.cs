namespace OrleansRecsys.Api;

/// <summary>
/// The JSON body of PUT /v1/models/{name}/rollout. Either the single canary (<see cref="Canary"/> and
/// <see cref="CanaryPercent"/>; a null canary removes it) or the experiment's <see cref="Arms"/> in bucket order (an
/// empty list ends it), never both. Null shadows or guardrails keep the current ones; <see cref="Revision"/> is the
/// revision the caller read (a stale one is a 409).
/// </summary>
public sealed record RolloutBody(string? Canary, decimal? CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long? Revision, string? Reason,
    ArmBody?[]? Arms = null);
