using System.Text.Json;

namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/features/vectors; <see cref="Context"/> as in <see cref="RankBody"/>.</summary>
public sealed record VectorsBody(string? UserId, string[]? ItemIds, string? Model, Dictionary<string, JsonElement>? Context = null);
