namespace OrleansRecsys.Api;

/// <summary>GET /v1/me: who the token names and which of the grid's roles it carries, so a client can show what it may do.</summary>
/// <param name="CanEdit">True when the token may change models and rollouts (the admin role).</param>
public sealed record CallerInfo(string Subject, string[] Roles, bool CanEdit);
