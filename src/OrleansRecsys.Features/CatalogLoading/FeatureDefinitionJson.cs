using System.Text.Json.Serialization;

namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// One catalogue entry as written in the file. Property names are the file's field names (matched case-insensitively),
/// so validation messages can name the field the author wrote.
/// </summary>
internal sealed class FeatureDefinitionJson
{
    public string? Name { get; set; }

    public string? Entity { get; set; }

    public string? Source { get; set; }

    [JsonPropertyName("agg")]
    public string? Aggregation { get; set; }

    public string? Derived { get; set; }

    public string? Field { get; set; }

    public string? Key { get; set; }

    public string[]? EventTypes { get; set; }

    public string? HalfLife { get; set; }

    public Dictionary<string, double>? Weights { get; set; }

    public int? TopK { get; set; }

    /// <summary>How many distinct keys a <c>last_n_distinct</c> list keeps.</summary>
    [JsonPropertyName("n")]
    public int? RecentCount { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public double? Alpha { get; set; }

    public double? Beta { get; set; }

    /// <summary>The user feature a cross feature reads.</summary>
    public string? User { get; set; }

    /// <summary>The item feature a cross feature reads.</summary>
    public string? Item { get; set; }

    /// <summary>The context feature a cross feature reads.</summary>
    public string? Context { get; set; }

    /// <summary>What a context feature holds: <c>number</c> or <c>label</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The user sum a <c>value_to_average</c> feature divides by <see cref="Count"/>.</summary>
    public string? Sum { get; set; }

    public string? Count { get; set; }

    public string? Cap { get; set; }

    /// <summary>How long a value stays fresh after its last change (a duration such as 90s, 15m, 1h, 7d).</summary>
    public string? Ttl { get; set; }

    /// <summary>The number a model reads when the value is missing or expired.</summary>
    public double? Default { get; set; }

    /// <summary>The catalogue version that added the feature (an online backfill replays the features of one version).</summary>
    public int? Since { get; set; }

    /// <summary>Documentation for readers of the file; accepted and not used.</summary>
    public string? Description { get; set; }
}
