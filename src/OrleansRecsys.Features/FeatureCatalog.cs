using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Features;

public enum EntityKind
{
    User,
    Item,
    Cross,
}

/// <summary>Stateful aggregations (they own cells in <see cref="EntityState"/>).</summary>
public enum AggregationKind
{
    None,
    Count,
    Sum,
    Last,
    Max,
    DecayedCount,
    DecayedSum,
    KeyedDecayedSum,
    LastNDistinct,
}

/// <summary>Features computed at read time from other features or entity timestamps.</summary>
public enum DerivedKind
{
    None,
    SecsSinceLastEvent,
    HoursSinceFirstSeen,
    SmoothedRatio,
    KeyShare,
    SecsSinceKey,
    ValueToAverage,
}

/// <summary>What a feature's value looks like, which decides whether a model may use it.</summary>
public enum ValueShape
{
    Number,
    Label,
    Keyed,
    RecentList,
}

/// <summary>One catalogue entry as written in <c>silo-config/features.json</c>.</summary>
public sealed class FeatureDefinitionJson
{
    public string? Name { get; set; }
    public string? Entity { get; set; }
    public string? Source { get; set; }
    public string? Agg { get; set; }
    public string? Derived { get; set; }
    public string? Field { get; set; }
    public string? Key { get; set; }
    public string[]? EventTypes { get; set; }
    public string? HalfLife { get; set; }
    public Dictionary<string, double>? Weights { get; set; }
    public int? TopK { get; set; }
    public int? N { get; set; }
    public string? Numerator { get; set; }
    public string? Denominator { get; set; }
    public double? Alpha { get; set; }
    public double? Beta { get; set; }
    public string? User { get; set; }
    public string? Item { get; set; }
    public string? Sum { get; set; }
    public string? Count { get; set; }
    public string? Cap { get; set; }
    public string? Description { get; set; }
}

public sealed class CatalogJson
{
    public int Version { get; set; }
    public List<FeatureDefinitionJson> Features { get; set; } = [];
}

/// <summary>A validated catalogue entry.</summary>
public sealed class FeatureDefinition
{
    public required string Name { get; init; }
    public required EntityKind Entity { get; init; }
    public string Source { get; init; } = Topics.Interactions;
    public AggregationKind Aggregation { get; init; }
    public DerivedKind Derived { get; init; }
    public string? Field { get; init; }
    public string? Key { get; init; }

    /// <summary>Bit set of accepted <see cref="InteractionType"/>s; 0 means all.</summary>
    public int TypeMask { get; init; }
    public double HalfLifeMs { get; init; }
    public double[] TypeWeights { get; init; } = [1, 1, 1, 1];
    public int TopK { get; init; }
    public int N { get; init; }
    public string? Numerator { get; init; }
    public string? Denominator { get; init; }
    public double Alpha { get; init; }
    public double Beta { get; init; }
    public string? UserRef { get; init; }
    public string? ItemRef { get; init; }
    public string? SumRef { get; init; }
    public string? CountRef { get; init; }
    public double CapSecs { get; init; }
    public string? Description { get; init; }
    public ValueShape Shape { get; init; }

    /// <summary>Resolved references (set once the whole catalogue is known).</summary>
    internal FeatureDefinition? A { get; set; }
    internal FeatureDefinition? B { get; set; }
    internal FeatureDefinition? C { get; set; }

    public bool Accepts(InteractionType type) => TypeMask == 0 || (TypeMask & (1 << (int)type)) != 0;

    public bool IsNumeric => Shape == ValueShape.Number;
}

public sealed class CatalogException(string message) : Exception(message);

/// <summary>
/// The feature catalogue (DESIGN.md §3): declared in configuration, validated once at start, and the single
/// source of truth for aggregation at ingestion, reads and vector building.
/// </summary>
public sealed class FeatureCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, FeatureDefinition> _byName;

    private FeatureCatalog(List<FeatureDefinition> all)
    {
        All = all;
        _byName = all.ToDictionary(f => f.Name, StringComparer.Ordinal);
        UserAggregations = all.Where(f => f.Entity == EntityKind.User && f.Aggregation != AggregationKind.None).ToArray();
        ItemAggregations = all.Where(f => f.Entity == EntityKind.Item && f.Aggregation != AggregationKind.None).ToArray();
        UserFeatures = all.Where(f => f.Entity == EntityKind.User).ToArray();
        ItemFeatures = all.Where(f => f.Entity == EntityKind.Item).ToArray();
        CrossFeatures = all.Where(f => f.Entity == EntityKind.Cross).ToArray();
        ItemCategory = all.FirstOrDefault(f => f.Entity == EntityKind.Item && f.Aggregation == AggregationKind.Last && f.Field == "category");
    }

    public IReadOnlyList<FeatureDefinition> All { get; }
    public FeatureDefinition[] UserAggregations { get; }
    public FeatureDefinition[] ItemAggregations { get; }
    public FeatureDefinition[] UserFeatures { get; }
    public FeatureDefinition[] ItemFeatures { get; }
    public FeatureDefinition[] CrossFeatures { get; }

    /// <summary>The item label feature that holds the category (used to enrich user events).</summary>
    public FeatureDefinition? ItemCategory { get; }

    public bool TryGet(string name, out FeatureDefinition def) => _byName.TryGetValue(name, out def!);

    public static FeatureCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CatalogException($"feature catalogue '{path}' does not exist (Recsys:Features:CatalogPath)");
        }

        return Parse(File.ReadAllText(path));
    }

    public static FeatureCatalog Parse(string json)
    {
        CatalogJson? raw;
        try
        {
            raw = JsonSerializer.Deserialize<CatalogJson>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"feature catalogue is not valid JSON: {ex.Message}");
        }

        if (raw is null || raw.Features.Count == 0)
        {
            throw new CatalogException("feature catalogue declares no features");
        }

        var defs = new List<FeatureDefinition>(raw.Features.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Features.Count; i++)
        {
            var def = Build(raw.Features[i], i);
            if (!names.Add(def.Name))
            {
                throw new CatalogException($"feature '{def.Name}' (entry {i}) is declared twice");
            }

            defs.Add(def);
        }

        var byName = defs.ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (var def in defs)
        {
            Resolve(def, byName);
        }

        return new FeatureCatalog(defs);
    }

    private static FeatureDefinition Build(FeatureDefinitionJson j, int index)
    {
        var name = j.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw new CatalogException($"entry {index}: name is required (1..128 characters)");
        }

        string Where() => $"feature '{name}'";

        var entity = j.Entity switch
        {
            "user" => EntityKind.User,
            "item" => EntityKind.Item,
            "cross" => EntityKind.Cross,
            _ => throw new CatalogException($"{Where()}: entity must be user, item or cross (got '{j.Entity}')"),
        };

        var source = j.Source ?? Topics.Interactions;
        if (source != Topics.Interactions && source != Topics.Items)
        {
            throw new CatalogException($"{Where()}: source must be {Topics.Interactions} or {Topics.Items} (got '{source}')");
        }

        if ((j.Agg is null) == (j.Derived is null))
        {
            throw new CatalogException($"{Where()}: exactly one of agg and derived must be given");
        }

        var agg = AggregationKind.None;
        var derived = DerivedKind.None;
        if (j.Agg is not null)
        {
            agg = j.Agg switch
            {
                "count" => AggregationKind.Count,
                "sum" => AggregationKind.Sum,
                "last" => AggregationKind.Last,
                "max" => AggregationKind.Max,
                "decayed_count" => AggregationKind.DecayedCount,
                "decayed_sum" => AggregationKind.DecayedSum,
                "keyed_decayed_sum" => AggregationKind.KeyedDecayedSum,
                "last_n_distinct" => AggregationKind.LastNDistinct,
                _ => throw new CatalogException($"{Where()}: unknown aggregation '{j.Agg}' (count, sum, last, max, decayed_count, decayed_sum, keyed_decayed_sum, last_n_distinct)"),
            };
            if (entity == EntityKind.Cross)
            {
                throw new CatalogException($"{Where()}: cross features must be derived, not aggregated");
            }
        }
        else
        {
            derived = j.Derived switch
            {
                "secs_since_last_event" => DerivedKind.SecsSinceLastEvent,
                "hours_since_first_seen" => DerivedKind.HoursSinceFirstSeen,
                "smoothed_ratio" => DerivedKind.SmoothedRatio,
                "key_share" => DerivedKind.KeyShare,
                "secs_since_key" => DerivedKind.SecsSinceKey,
                "value_to_average" => DerivedKind.ValueToAverage,
                _ => throw new CatalogException($"{Where()}: unknown derived kind '{j.Derived}' (secs_since_last_event, hours_since_first_seen, smoothed_ratio, key_share, secs_since_key, value_to_average)"),
            };
            var crossKind = derived is DerivedKind.KeyShare or DerivedKind.SecsSinceKey or DerivedKind.ValueToAverage;
            if (crossKind != (entity == EntityKind.Cross))
            {
                throw new CatalogException($"{Where()}: derived kind '{j.Derived}' needs entity '{(crossKind ? "cross" : "user or item")}'");
            }
        }

        var mask = 0;
        if (j.EventTypes is not null)
        {
            if (source != Topics.Interactions)
            {
                throw new CatalogException($"{Where()}: eventTypes only apply to {Topics.Interactions}");
            }

            foreach (var t in j.EventTypes)
            {
                if (!EventParser.TryType(t, out var type))
                {
                    throw new CatalogException($"{Where()}: unknown event type '{t}'");
                }

                mask |= 1 << (int)type;
            }
        }

        double halfLife = 0;
        if (agg is AggregationKind.DecayedCount or AggregationKind.DecayedSum or AggregationKind.KeyedDecayedSum)
        {
            if (j.HalfLife is null || !Durations.TryParse(j.HalfLife, out var hl) || hl <= TimeSpan.Zero)
            {
                throw new CatalogException($"{Where()}: halfLife must be a positive duration such as 90s, 15m, 1h, 7d (got '{j.HalfLife}')");
            }

            halfLife = hl.TotalMilliseconds;
        }
        else if (j.HalfLife is not null)
        {
            throw new CatalogException($"{Where()}: halfLife only applies to decayed aggregations");
        }

        var field = j.Field;
        var shape = ValueShape.Number;
        switch (agg)
        {
            case AggregationKind.Sum or AggregationKind.Max or AggregationKind.DecayedSum when j.Weights is null:
                RequireField(field, source == Topics.Items ? ["price"] : ["value"]);
                break;
            case AggregationKind.Last:
                RequireField(field, source == Topics.Items ? ["price", "category"] : ["value", "itemId"]);
                shape = field is "category" or "itemId" ? ValueShape.Label : ValueShape.Number;
                break;
            case AggregationKind.KeyedDecayedSum:
                if (j.Key != "category" && j.Key != "itemId")
                {
                    throw new CatalogException($"{Where()}: key must be category or itemId");
                }

                shape = ValueShape.Keyed;
                break;
            case AggregationKind.LastNDistinct:
                if (j.Key != "itemId" && j.Key != "userId" && j.Key != "category")
                {
                    throw new CatalogException($"{Where()}: key must be itemId, userId or category");
                }

                if (j.N is null or < 1 or > 1000)
                {
                    throw new CatalogException($"{Where()}: n must be 1..1000");
                }

                shape = ValueShape.RecentList;
                break;
        }

        var weights = new double[] { 1, 1, 1, 1 };
        if (j.Weights is not null)
        {
            weights = new double[4];
            foreach (var (t, w) in j.Weights)
            {
                if (!EventParser.TryType(t, out var type))
                {
                    throw new CatalogException($"{Where()}: unknown event type '{t}' in weights");
                }

                if (!double.IsFinite(w) || w < 0)
                {
                    throw new CatalogException($"{Where()}: weight for '{t}' must be a finite number >= 0");
                }

                weights[(int)type] = w;
            }
        }

        if (agg == AggregationKind.KeyedDecayedSum && j.TopK is null or < 1 or > 1000)
        {
            throw new CatalogException($"{Where()}: topK must be 1..1000");
        }

        var cap = 30 * 24 * 3600.0;
        if (j.Cap is not null)
        {
            if (!Durations.TryParse(j.Cap, out var c) || c <= TimeSpan.Zero)
            {
                throw new CatalogException($"{Where()}: cap must be a positive duration (got '{j.Cap}')");
            }

            cap = c.TotalSeconds;
        }

        return new FeatureDefinition
        {
            Name = name,
            Entity = entity,
            Source = source,
            Aggregation = agg,
            Derived = derived,
            Field = field,
            Key = j.Key,
            TypeMask = mask,
            HalfLifeMs = halfLife,
            TypeWeights = weights,
            TopK = j.TopK ?? 0,
            N = j.N ?? 0,
            Numerator = j.Numerator,
            Denominator = j.Denominator,
            Alpha = j.Alpha ?? 0,
            Beta = j.Beta ?? 0,
            UserRef = j.User,
            ItemRef = j.Item,
            SumRef = j.Sum,
            CountRef = j.Count,
            CapSecs = cap,
            Description = j.Description,
            Shape = shape,
        };

        void RequireField(string? f, string[] allowed)
        {
            if (f is null || Array.IndexOf(allowed, f) < 0)
            {
                throw new CatalogException($"{Where()}: field must be one of {string.Join(", ", allowed)} (got '{f}')");
            }
        }
    }

    private static void Resolve(FeatureDefinition def, Dictionary<string, FeatureDefinition> byName)
    {
        FeatureDefinition Ref(string? name, string what, EntityKind entity, ValueShape shape)
        {
            if (name is null || !byName.TryGetValue(name, out var r))
            {
                throw new CatalogException($"feature '{def.Name}': {what} refers to unknown feature '{name}'");
            }

            if (r.Entity != entity || r.Shape != shape || r.Derived != DerivedKind.None)
            {
                throw new CatalogException($"feature '{def.Name}': {what} '{name}' must be a {entity.ToString().ToLowerInvariant()} {shape.ToString().ToLowerInvariant()} aggregation");
            }

            return r;
        }

        switch (def.Derived)
        {
            case DerivedKind.SmoothedRatio:
                def.A = Ref(def.Numerator, "numerator", def.Entity, ValueShape.Number);
                def.B = Ref(def.Denominator, "denominator", def.Entity, ValueShape.Number);
                if (def.Beta <= 0 && def.Alpha < 0)
                {
                    throw new CatalogException($"feature '{def.Name}': alpha must be >= 0 and beta > 0");
                }

                break;
            case DerivedKind.KeyShare:
                def.A = Ref(def.UserRef, "user", EntityKind.User, ValueShape.Keyed);
                def.B = Ref(def.ItemRef, "item", EntityKind.Item, ValueShape.Label);
                break;
            case DerivedKind.SecsSinceKey:
                def.A = Ref(def.UserRef, "user", EntityKind.User, ValueShape.RecentList);
                break;
            case DerivedKind.ValueToAverage:
                def.A = Ref(def.ItemRef, "item", EntityKind.Item, ValueShape.Number);
                def.B = Ref(def.SumRef, "sum", EntityKind.User, ValueShape.Number);
                def.C = Ref(def.CountRef, "count", EntityKind.User, ValueShape.Number);
                break;
        }
    }
}

public static class Durations
{
    public static bool TryParse(string s, out TimeSpan value)
    {
        value = default;
        if (s.Length < 2)
        {
            return false;
        }

        var unit = s[^1];
        if (!double.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
        {
            return false;
        }

        value = unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.MinValue,
        };
        return value != TimeSpan.MinValue;
    }
}
