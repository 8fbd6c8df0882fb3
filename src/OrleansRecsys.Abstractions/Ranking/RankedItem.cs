using System.Text.Json.Serialization;

namespace OrleansRecsys;

/// <summary>A ranked candidate and its score; with <see cref="RankRequest.Explain"/>, the features that moved its score most
/// (<see cref="FeatureContribution"/>, largest effect first). Null, and left out of JSON, when no explanation was asked
/// for or the answer is a fallback (popularity has no features to explain).</summary>
[GenerateSerializer, Immutable, Alias("recsys.RankedItem")]
public sealed record RankedItem(
    [Id(0)] string ItemId,
    [Id(1)] double Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][Id(2)] FeatureContribution[]? Contributions = null);
