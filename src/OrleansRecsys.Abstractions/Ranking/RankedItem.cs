namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankedItem")]
public sealed record RankedItem(string ItemId, double Score);
