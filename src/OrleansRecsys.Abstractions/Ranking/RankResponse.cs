namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankResponse")]
public sealed record RankResponse(
    [Id(0)] string RequestId,
    [Id(1)] string Model,
    [Id(2)] string? Version,
    [Id(3)] string Variant,
    [Id(4)] bool Fallback,
    [Id(5)] string? FallbackReason,
    [Id(6)] DateTimeOffset AsOf,
    [Id(7)] RankedItem[] Items);
