namespace OrleansRecsys;

/// <summary>Outcomes attributed to responses of one model version (interaction events carrying their requestId).</summary>
[GenerateSerializer, Immutable, Alias("recsys.OutcomeDelta")]
public sealed record OutcomeDelta(string Version, long Clicks, long Carts, long Purchases);
