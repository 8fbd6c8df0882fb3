namespace OrleansRecsys.Features;

/// <param name="Applied">Events whose new features this call computed.</param>
/// <param name="Counted">Per event (users only): whether live ingestion counted it, which the item side follows.</param>
[GenerateSerializer, Immutable, Alias("recsys.BackfillOutcome")]
public readonly record struct BackfillOutcome([property: Id(0)] int Applied, [property: Id(1)] bool[]? Counted = null);
