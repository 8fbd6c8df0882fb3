namespace OrleansRecsys.Api;

/// <summary>
/// The JSON body of a promote or rollback: the plan revision the caller decided on (a newer plan answers 409, so
/// nobody promotes a canary they have not seen) and why, kept in the rollout history.
/// </summary>
public sealed record CanaryDecisionBody(long? Revision, string? Reason);
