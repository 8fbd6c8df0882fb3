using System.Text.Json.Serialization;

namespace OrleansRecsys;

/// <summary>A ranked candidate and its score; with <see cref="RankRequest.Explain"/>, the features that moved its score most
/// (<see cref="FeatureContribution"/>, largest effect first). Null, and left out of JSON, when no explanation was asked
/// for or the answer is a fallback (popularity has no features to explain). <see cref="Source"/>, in recommend's answers,
/// names the candidate source that proposed the item (<c>covisitation</c>, <c>category</c>, <c>popular</c>); null, and left
/// out of JSON, in rank's.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RankedItem")]
public sealed record RankedItem(
    [Id(0)] string ItemId,
    [Id(1)] double Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][Id(2)] FeatureContribution[]? Contributions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][Id(3)] string? Source = null);
