namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// Second step of loading a catalogue: each entry is checked field by field and becomes a
/// <see cref="FeatureDefinition"/>. Every message names the feature and the field as written in the file.
/// References to other features are checked by <see cref="FeatureReferenceResolver"/> once every entry is known.
/// </summary>
internal sealed class FeatureEntryCompiler
{
    private const int MaxNameLength = 128;
    private const int MaxListLength = 1000;

    /// <summary>Ten years: anything longer is a typo, not a freshness rule.</summary>
    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(3650);

    private static readonly string[] InteractionKeys = ["category", "itemId"];
    private static readonly string[] RecentListKeys = ["itemId", "userId", "category"];

    private readonly FeatureDefinitionJson _entry;
    private readonly string _name;

    private FeatureEntryCompiler(FeatureDefinitionJson entry, string name)
    {
        _entry = entry;
        _name = name;
    }

    /// <summary>Compiles every entry, in file order; a name declared twice is an error. <paramref name="version"/> is the
    /// catalogue's: no entry may say it was added by a later one.</summary>
    public static List<FeatureDefinition> CompileAll(IReadOnlyList<FeatureDefinitionJson> entries, int version)
    {
        var definitions = new List<FeatureDefinition>(entries.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var name = ReadName(entries[i], i);
            var definition = entries[i].Entity == "context"
                ? ContextEntryCompiler.Compile(entries[i], name)
                : new FeatureEntryCompiler(entries[i], name).Compile();
            if (!names.Add(definition.Name))
            {
                throw new CatalogException($"feature '{definition.Name}' (entry {i}) is declared twice");
            }

            definition.Since = ReadSince(entries[i], definition.Name, version);
            definition.Signature = FeatureSignature.Of(entries[i]);
            definitions.Add(definition);
        }

        return definitions;
    }

    /// <summary>The catalogue version that added the feature: 1..version; absent means it was there from the start.</summary>
    private static int ReadSince(FeatureDefinitionJson entry, string name, int version)
    {
        if (entry.Since is not { } since)
        {
            return 1;
        }

        return since >= 1 && since <= version
            ? since
            : throw new CatalogException($"feature '{name}', field 'since': must be 1..{version}, the catalogue's version (got {since})");
    }

    private static string ReadName(FeatureDefinitionJson entry, int index)
    {
        var name = entry.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new CatalogException($"entry {index}, field 'name': a name of 1..{MaxNameLength} characters is required");
        }

        return name;
    }

    private FeatureDefinition Compile()
    {
        var entity = ReadEntity();
        var source = ReadSource();
        var aggregation = ReadAggregation(entity);
        var derived = ReadDerived(entity);
        var eventTypeMask = ReadEventTypes(source);
        var halfLifeMs = ReadHalfLife(aggregation);
        var shape = ReadFieldAndKey(aggregation, source);
        var weights = ReadWeights();
        var topK = ReadTopK(aggregation);
        var capSeconds = ReadCap();
        var (alpha, beta) = ReadSmoothing(derived);
        var ttlMs = ReadTtl();
        var declaredDefault = ReadDefault(shape);
        return new FeatureDefinition(_name, entity)
        {
            Source = source,
            Aggregation = aggregation,
            Derived = derived,
            Shape = shape,
            Field = _entry.Field,
            Key = _entry.Key,
            EventTypeMask = eventTypeMask,
            HalfLifeMs = halfLifeMs,
            EventTypeWeights = weights,
            TopK = topK,
            MaxRecent = _entry.RecentCount ?? 0,
            Alpha = alpha,
            Beta = beta,
            CapSeconds = capSeconds,
            TtlMs = ttlMs,
            DeclaredDefault = declaredDefault,
        };
    }

    private CatalogException Invalid(string field, string problem) => new($"feature '{_name}', field '{field}': {problem}");

    private EntityKind ReadEntity() => _entry.Entity switch
    {
        "user" => EntityKind.User,
        "item" => EntityKind.Item,
        "cross" => EntityKind.Cross,
        _ => throw Invalid("entity", $"must be user, item, cross or context (got '{_entry.Entity}')"),
    };

    private string ReadSource()
    {
        var source = _entry.Source ?? Topics.Interactions;
        if (source != Topics.Interactions && source != Topics.Items)
        {
            throw Invalid("source", $"must be {Topics.Interactions} or {Topics.Items} (got '{source}')");
        }

        return source;
    }

    /// <summary>The aggregation, if the entry aggregates; exactly one of <c>agg</c> and <c>derived</c> is given.</summary>
    private AggregationKind ReadAggregation(EntityKind entity)
    {
        if ((_entry.Aggregation is null) == (_entry.Derived is null))
        {
            throw Invalid("agg", "exactly one of agg and derived must be given");
        }

        if (_entry.Aggregation is null)
        {
            return AggregationKind.None;
        }

        var aggregation = _entry.Aggregation switch
        {
            "count" => AggregationKind.Count,
            "sum" => AggregationKind.Sum,
            "last" => AggregationKind.Last,
            "max" => AggregationKind.Max,
            "decayed_count" => AggregationKind.DecayedCount,
            "decayed_sum" => AggregationKind.DecayedSum,
            "keyed_decayed_sum" => AggregationKind.KeyedDecayedSum,
            "last_n_distinct" => AggregationKind.LastNDistinct,
            _ => throw Invalid("agg", $"unknown aggregation '{_entry.Aggregation}' (count, sum, last, max, decayed_count, decayed_sum, keyed_decayed_sum, last_n_distinct)"),
        };
        if (entity == EntityKind.Cross)
        {
            throw Invalid("agg", "cross features must be derived, not aggregated");
        }

        return aggregation;
    }

    private DerivedKind ReadDerived(EntityKind entity)
    {
        if (_entry.Derived is null)
        {
            return DerivedKind.None;
        }

        var derived = _entry.Derived switch
        {
            "secs_since_last_event" => DerivedKind.SecsSinceLastEvent,
            "hours_since_first_seen" => DerivedKind.HoursSinceFirstSeen,
            "smoothed_ratio" => DerivedKind.SmoothedRatio,
            "key_share" => DerivedKind.KeyShare,
            "secs_since_key" => DerivedKind.SecsSinceKey,
            "value_to_average" => DerivedKind.ValueToAverage,
            "label_match" => DerivedKind.LabelMatch,
            _ => throw Invalid("derived", $"unknown derived kind '{_entry.Derived}' (secs_since_last_event, hours_since_first_seen, smoothed_ratio, key_share, secs_since_key, value_to_average, label_match)"),
        };
        var needsCross = derived is DerivedKind.KeyShare or DerivedKind.SecsSinceKey or DerivedKind.ValueToAverage or DerivedKind.LabelMatch;
        if (needsCross != (entity == EntityKind.Cross))
        {
            throw Invalid("derived", $"derived kind '{_entry.Derived}' needs entity '{(needsCross ? "cross" : "user or item")}'");
        }

        return derived;
    }

    /// <summary>The accepted event types as a bit set over <see cref="InteractionType"/>; 0 (no list) accepts all.</summary>
    private int ReadEventTypes(string source)
    {
        if (_entry.EventTypes is null)
        {
            return 0;
        }

        if (source != Topics.Interactions)
        {
            throw Invalid("eventTypes", $"only apply to {Topics.Interactions}");
        }

        var mask = 0;
        foreach (var name in _entry.EventTypes)
        {
            if (!EventParser.TryType(name, out var type))
            {
                throw Invalid("eventTypes", $"unknown event type '{name}'");
            }

            mask |= 1 << (int)type;
        }

        return mask;
    }

    private double ReadHalfLife(AggregationKind aggregation)
    {
        if (aggregation is not (AggregationKind.DecayedCount or AggregationKind.DecayedSum or AggregationKind.KeyedDecayedSum))
        {
            return _entry.HalfLife is null ? 0 : throw Invalid("halfLife", "only applies to decayed aggregations");
        }

        if (_entry.HalfLife is null || !Durations.TryParse(_entry.HalfLife, out var halfLife) || halfLife <= TimeSpan.Zero)
        {
            throw Invalid("halfLife", $"must be a positive duration such as 90s, 15m, 1h, 7d (got '{_entry.HalfLife}')");
        }

        return halfLife.TotalMilliseconds;
    }

    /// <summary>Checks the field or key an aggregation reads, which decides the shape of its value.</summary>
    private ValueShape ReadFieldAndKey(AggregationKind aggregation, string source)
    {
        var fromItems = source == Topics.Items;
        switch (aggregation)
        {
            case AggregationKind.Sum or AggregationKind.Max or AggregationKind.DecayedSum when _entry.Weights is null:
                RequireOneOf("field", _entry.Field, fromItems ? ["price"] : ["value"]);
                return ValueShape.Number;
            case AggregationKind.Last:
                RequireOneOf("field", _entry.Field, fromItems ? ["price", "category"] : ["value", "itemId"]);
                return _entry.Field is "category" or "itemId" ? ValueShape.Label : ValueShape.Number;
            case AggregationKind.KeyedDecayedSum:
                RequireOneOf("key", _entry.Key, InteractionKeys);
                return ValueShape.Keyed;
            case AggregationKind.LastNDistinct:
                RequireOneOf("key", _entry.Key, RecentListKeys);
                RequireInRange("n", _entry.RecentCount);
                return ValueShape.RecentList;
            default:
                return ValueShape.Number;
        }
    }

    /// <summary>Weights per event type for weighted sums; without a list every type weighs 1.</summary>
    private double[] ReadWeights()
    {
        if (_entry.Weights is null)
        {
            return [1, 1, 1, 1];
        }

        var weights = new double[4];
        foreach (var (name, weight) in _entry.Weights)
        {
            if (!EventParser.TryType(name, out var type))
            {
                throw Invalid("weights", $"unknown event type '{name}'");
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw Invalid("weights", $"weight for '{name}' must be a finite number >= 0");
            }

            weights[(int)type] = weight;
        }

        return weights;
    }

    private int ReadTopK(AggregationKind aggregation)
    {
        if (aggregation == AggregationKind.KeyedDecayedSum)
        {
            RequireInRange("topK", _entry.TopK);
        }

        return _entry.TopK ?? 0;
    }

    private double ReadCap()
    {
        if (_entry.Cap is null)
        {
            return FeatureDefinition.DefaultCapSeconds;
        }

        if (!Durations.TryParse(_entry.Cap, out var cap) || cap <= TimeSpan.Zero)
        {
            throw Invalid("cap", $"must be a positive duration such as 90s, 15m, 1h, 7d (got '{_entry.Cap}')");
        }

        return cap.TotalSeconds;
    }

    private double ReadTtl()
    {
        if (_entry.Ttl is null)
        {
            return 0;
        }

        if (!Durations.TryParse(_entry.Ttl, out var ttl) || ttl <= TimeSpan.Zero || ttl > MaxTtl)
        {
            throw Invalid("ttl", $"must be a positive duration up to 3650d such as 90s, 15m, 1h, 7d (got '{_entry.Ttl}')");
        }

        return ttl.TotalMilliseconds;
    }

    /// <summary>Only a number can stand in for a model input, so only number features declare a default.</summary>
    private double? ReadDefault(ValueShape shape)
    {
        if (_entry.Default is not { } value)
        {
            return null;
        }

        if (shape != ValueShape.Number)
        {
            throw Invalid("default", $"only number features take a default (this one is a {shape.ToString().ToLowerInvariant()})");
        }

        return double.IsFinite(value) ? value : throw Invalid("default", $"must be a finite number (got {value})");
    }

    /// <summary>
    /// A smoothed ratio divides by (denominator + beta): beta must be positive so an entity with no events reads a
    /// number, and alpha (added to the numerator) must not be negative so the ratio cannot go below zero.
    /// </summary>
    private (double Alpha, double Beta) ReadSmoothing(DerivedKind derived)
    {
        var alpha = _entry.Alpha ?? 0;
        var beta = _entry.Beta ?? 0;
        if (derived != DerivedKind.SmoothedRatio)
        {
            return (alpha, beta);
        }

        if (!double.IsFinite(alpha) || alpha < 0)
        {
            throw Invalid("alpha", $"must be a finite number >= 0 (got {alpha})");
        }

        if (!double.IsFinite(beta) || beta <= 0)
        {
            throw Invalid("beta", $"must be a finite number > 0 (got {beta})");
        }

        return (alpha, beta);
    }

    private void RequireOneOf(string field, string? value, string[] allowed)
    {
        if (value is null || Array.IndexOf(allowed, value) < 0)
        {
            throw Invalid(field, $"must be one of {string.Join(", ", allowed)} (got '{value}')");
        }
    }

    private void RequireInRange(string field, int? value)
    {
        if (value is null or < 1 or > MaxListLength)
        {
            throw Invalid(field, $"must be 1..{MaxListLength} (got '{value}')");
        }
    }
}
