using System.Text.Json;

namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/rank; every field is nullable so that a missing one is a 400 naming it. <c>explain</c>
/// (default false) asks for each returned item's feature contributions; <see cref="Version"/> (admin only) pins the answer
/// to one version of the model; <see cref="Context"/> holds the catalogue's context features (strings and numbers by name).</summary>
public sealed record RankBody(string? UserId, string[]? Candidates, int? K, string? Model, int? DeadlineMs, bool? Explain = null, string? Version = null,
    Dictionary<string, JsonElement>? Context = null);
