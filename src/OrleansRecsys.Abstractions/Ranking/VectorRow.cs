namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorRow")]
public sealed record VectorRow(string ItemId, float[] Values);
