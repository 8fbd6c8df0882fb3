namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/features/vectors.</summary>
public sealed record VectorsBody(string? UserId, string[]? ItemIds, string? Model);
