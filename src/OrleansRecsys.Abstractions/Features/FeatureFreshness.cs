namespace OrleansRecsys;

/// <summary>How fresh one feature's value was at a read: <c>present</c>, <c>expired</c> (older than the feature's TTL) or
/// <c>missing</c> (never written), and its age in seconds since its last change (null when missing).</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureFreshness")]
public sealed record FeatureFreshness([Id(0)] string Status, [Id(1)] double? AgeSeconds);
