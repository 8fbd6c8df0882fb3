namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorRow")]
public sealed record VectorRow([Id(0)] string ItemId, [Id(1)] float[] Values);
