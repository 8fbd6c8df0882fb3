namespace OrleansRecsys;

/// <summary>An item's decayed popularity at a time.</summary>
[GenerateSerializer, Immutable, Alias("recsys.PopularityEntry")]
public sealed record PopularityEntry(string ItemId, double Score, long AtMs);
