namespace OrleansRecsys.Api;

/// <summary>One entry of <see cref="RolloutBody.Arms"/>: a registered version and its share of users in basis points (0..10,000; 100 = 1 %).</summary>
public sealed record ArmBody(string? Version, int? Weight);
