namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorsResponse")]
public sealed record VectorsResponse([Id(0)] string Model, [Id(1)] string? Version, [Id(2)] DateTimeOffset AsOf, [Id(3)] string[] FeatureNames, [Id(4)] VectorRow[] Rows);
