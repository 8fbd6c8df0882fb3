namespace OrleansRecsys;

/// <summary>Outcomes attributed to responses of one model version (interaction events carrying their requestId).</summary>
[GenerateSerializer, Immutable, Alias("recsys.OutcomeDelta")]
public sealed record OutcomeDelta([Id(0)] string Version, [Id(1)] long Clicks, [Id(2)] long Carts, [Id(3)] long Purchases);
