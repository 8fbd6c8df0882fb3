using System.Text.Json.Serialization;

namespace OrleansRecsys.Api;

/// <summary>The readiness answer: <c>ready</c> or <c>not_ready</c>, the names of the failing checks, and (for
/// callers with the read or admin role only) each check's result by name.</summary>
public sealed record ReadinessReport(
    string Status,
    string[] Failing,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Checks)
{
    /// <summary>What an anonymous caller sees: the status and the failing checks' names, no model names or error text.</summary>
    public ReadinessReport Minimal() => this with { Checks = null };
}
