namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankResponse")]
public sealed record RankResponse(
    string RequestId,
    string Model,
    string? Version,
    string Variant,
    bool Fallback,
    string? FallbackReason,
    DateTimeOffset AsOf,
    RankedItem[] Items);
