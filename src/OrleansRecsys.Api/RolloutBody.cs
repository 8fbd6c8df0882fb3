namespace OrleansRecsys.Api;

/// <summary>
/// The JSON body of PUT /v1/models/{name}/rollout. A null canary removes the canary; null shadows or guardrails keep
/// the current ones; <see cref="Revision"/> is the revision the caller read (a stale one is a 409).
/// </summary>
public sealed record RolloutBody(string? Canary, decimal? CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long? Revision, string? Reason);
