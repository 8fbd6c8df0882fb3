namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankedItem")]
public sealed record RankedItem([Id(0)] string ItemId, [Id(1)] double Score);
