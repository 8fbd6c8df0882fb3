namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorsResponse")]
public sealed record VectorsResponse(string Model, string? Version, DateTimeOffset AsOf, string[] FeatureNames, VectorRow[] Rows);
