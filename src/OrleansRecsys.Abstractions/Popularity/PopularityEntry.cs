namespace OrleansRecsys;

/// <summary>An item's decayed popularity at a time.</summary>
[GenerateSerializer, Immutable, Alias("recsys.PopularityEntry")]
public sealed record PopularityEntry([Id(0)] string ItemId, [Id(1)] double Score, [Id(2)] long AtMs);
