namespace OrleansRecsys.Api;

/// <summary>The JSON body of a promote or rollback: why, kept in the rollout history.</summary>
public sealed record ReasonBody(string? Reason);
