namespace OrleansRecsys.Api;

/// <summary>The readiness answer: <c>ready</c> or <c>not_ready</c>, and each check's result by name.</summary>
public sealed record ReadinessReport(string Status, Dictionary<string, string> Checks);
