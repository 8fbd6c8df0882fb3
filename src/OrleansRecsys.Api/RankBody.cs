using System.Text.Json;

namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/rank; every field is nullable so that a missing one is a 400 naming it.
/// <see cref="Context"/> holds the catalogue's context features (strings and numbers by name).</summary>
public sealed record RankBody(string? UserId, string[]? Candidates, int? K, string? Model, int? DeadlineMs, Dictionary<string, JsonElement>? Context = null);
