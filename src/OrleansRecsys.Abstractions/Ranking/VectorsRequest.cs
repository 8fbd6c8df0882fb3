namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VectorsRequest")]
public sealed record VectorsRequest(string UserId, string[] ItemIds, string Model);
