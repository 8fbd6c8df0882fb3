namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorsRequest")]
public sealed record VectorsRequest([Id(0)] string UserId, [Id(1)] string[] ItemIds, [Id(2)] string Model, [Id(3)] ServingContext? Context = null);
