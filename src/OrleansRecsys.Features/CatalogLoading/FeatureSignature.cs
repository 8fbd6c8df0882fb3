using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// What an entry computes, as canonical text: the entry serialised without the fields that leave stored values and their
/// computation alone (ttl, default, since, description). Used to tell a changed feature from an unchanged one when a new
/// catalogue version is proposed.
/// </summary>
internal static class FeatureSignature
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Of(FeatureDefinitionJson entry)
    {
        var computing = new FeatureDefinitionJson
        {
            Name = entry.Name, Entity = entry.Entity, Source = entry.Source, Aggregation = entry.Aggregation, Derived = entry.Derived,
            Field = entry.Field, Key = entry.Key, EventTypes = entry.EventTypes?.Order(StringComparer.Ordinal).ToArray(), HalfLife = entry.HalfLife,
            Weights = entry.Weights is null ? null : new SortedDictionary<string, double>(entry.Weights, StringComparer.Ordinal).ToDictionary(),
            TopK = entry.TopK, RecentCount = entry.RecentCount, Numerator = entry.Numerator, Denominator = entry.Denominator, Alpha = entry.Alpha,
            Beta = entry.Beta, User = entry.User, Item = entry.Item, Context = entry.Context, Type = entry.Type, Sum = entry.Sum,
            Count = entry.Count, Cap = entry.Cap,
        };
        return JsonSerializer.Serialize(computing, Canonical);
    }
}
