namespace OrleansRecsys.Api;

/// <summary>
/// The JSON body of a promote, rollback or arm removal: the plan revision the caller decided on (a newer plan answers
/// 409, so nobody promotes a canary they have not seen), why (kept in the rollout history) and, for promote and remove,
/// the arm's <see cref="Version"/> (promote without it acts on the canary, which needs a plan with one arm).
/// </summary>
public sealed record CanaryDecisionBody(long? Revision, string? Reason, string? Version = null);
