namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.ApplyResult")]
public sealed record ApplyResult(int Applied, int Duplicates, bool LostState, string? Category, double Popularity, AttributedEvent[]? Attributed = null);
