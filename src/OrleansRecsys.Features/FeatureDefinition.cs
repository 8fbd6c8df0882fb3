namespace OrleansRecsys.Features;

/// <summary>A validated catalogue entry.</summary>
public sealed class FeatureDefinition
{
    /// <summary>The default cap of time-since features: 30 days, in seconds.</summary>
    internal const double DefaultCapSeconds = 30 * 24 * 3600.0;

    internal FeatureDefinition(string name, EntityKind entity)
    {
        Name = name;
        Entity = entity;
    }

    public string Name { get; }

    internal EntityKind Entity { get; }

    public ValueShape Shape { get; internal init; }

    /// <summary>What keyed and recent-list aggregations group by: <c>category</c>, <c>itemId</c> or <c>userId</c>.</summary>
    public string? Key { get; internal init; }

    /// <summary>Half-life of a decayed aggregation, in milliseconds (0 for the others).</summary>
    public double HalfLifeMs { get; internal init; }

    internal bool IsNumeric => Shape == ValueShape.Number;

    /// <summary>The topic whose events feed this aggregation.</summary>
    internal string Source { get; init; } = Topics.Interactions;

    internal AggregationKind Aggregation { get; init; }

    internal DerivedKind Derived { get; init; }

    /// <summary>The event field an aggregation reads (<c>value</c>, <c>price</c>, <c>category</c>, <c>itemId</c>).</summary>
    internal string? Field { get; init; }

    /// <summary>Bit set of accepted <see cref="InteractionType"/>s; 0 means all.</summary>
    internal int EventTypeMask { get; init; }

    /// <summary>Weight per <see cref="InteractionType"/> (indexed by its value) for weighted sums.</summary>
    internal double[] EventTypeWeights { get; init; } = [1, 1, 1, 1];

    /// <summary>How many keys a keyed aggregation keeps (the largest values).</summary>
    internal int TopK { get; init; }

    /// <summary>How many distinct keys a recent list keeps (the newest ones).</summary>
    internal int MaxRecent { get; init; }

    /// <summary>Smoothed ratio: (numerator + alpha) / (denominator + beta).</summary>
    internal double Alpha { get; init; }

    internal double Beta { get; init; }

    /// <summary>Upper bound of a time-since feature, and its value when the time is unknown.</summary>
    internal double CapSeconds { get; init; } = DefaultCapSeconds;

    // The features a derived feature reads, set once the whole catalogue is known. Which ones are set depends on
    // the derived kind: smoothed_ratio reads Numerator and Denominator; key_share a user keyed aggregation and an
    // item label; secs_since_key a user recent list; value_to_average an item number and a user sum and count.
    internal FeatureDefinition? Numerator { get; set; }

    internal FeatureDefinition? Denominator { get; set; }

    internal FeatureDefinition? UserInput { get; set; }

    internal FeatureDefinition? ItemInput { get; set; }

    internal FeatureDefinition? ContextInput { get; set; }

    internal FeatureDefinition? UserSum { get; set; }

    internal FeatureDefinition? UserCount { get; set; }

    /// <summary>How long a value stays fresh after the event that last changed it, in milliseconds; 0 means it never expires.</summary>
    public double TtlMs { get; internal init; }

    /// <summary>The value the catalogue declares for an entity whose value is missing or expired (null when none is declared).</summary>
    public double? DeclaredDefault { get; internal init; }

    /// <summary>What the feature reads for an entity with no events at all (0 for counts, the cap for time-since features...),
    /// worked out once the catalogue is resolved.</summary>
    internal double EmptyValue { get; set; }

    /// <summary>What a model input reads instead of a missing or expired value: the declared default, else the empty value.</summary>
    public double FallbackValue => DeclaredDefault ?? EmptyValue;

    /// <summary>The catalogue version that added this feature (1: there from the start). Live ingestion computes it from
    /// the moment a grain first applies an event under that version; an online backfill computes it for what came before.</summary>
    public int Since { get; internal set; } = 1;

    /// <summary>What the feature computes, as text (its entry without the fields that do not change values: ttl, default,
    /// since, description). Two versions of a catalogue compute a feature the same way when its signature and those of its
    /// inputs are equal.</summary>
    internal string Signature { get; set; } = "";

    /// <summary>The features this one reads (derived features), resolved.</summary>
    internal IEnumerable<FeatureDefinition> Inputs() =>
        new[] { Numerator, Denominator, UserInput, ItemInput, ContextInput, UserSum, UserCount }.OfType<FeatureDefinition>();

    internal bool Accepts(InteractionType type) => EventTypeMask == 0 || (EventTypeMask & (1 << (int)type)) != 0;
}
