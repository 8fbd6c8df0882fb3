using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// Applies events to <see cref="EntityState"/> and evaluates features at a read time. Event time is used
/// throughout: a decayed cell keeps its value at a reference time, so out-of-order events are exact.
/// </summary>
public sealed class FeatureEngine(FeatureCatalog catalog)
{
    public FeatureCatalog Catalog { get; } = catalog;

    /// <summary>Decay factor 2^(-(to - from)/halfLife).</summary>
    public static double Decay(long fromMs, long toMs, double halfLifeMs) => DecayedValue.Factor(fromMs, toMs, halfLifeMs);

    public void ApplyUser(EntityState state, Interaction interaction) => ApplyInteraction(state, interaction, Catalog.UserAggregations);

    public void ApplyItem(EntityState state, Interaction interaction) => ApplyInteraction(state, interaction, Catalog.ItemAggregations);

    public void ApplyItem(EntityState state, ItemUpsert upsert)
    {
        EntityStateWriter.RecordEvent(state, upsert.TsMs);
        foreach (var feature in Catalog.ItemAggregations)
        {
            if (feature.Source == Topics.Items)
            {
                AggregateUpsert(state, feature, upsert);
            }
        }
    }

    /// <summary>One item aggregation's update for an upsert: counts, the latest category and price, price max and sum.</summary>
    private static void AggregateUpsert(EntityState state, FeatureDefinition feature, ItemUpsert upsert)
    {
        switch (feature.Aggregation)
        {
            case AggregationKind.Count:
                EntityStateWriter.Add(state, feature.Name, 1, upsert.TsMs);
                break;
            case AggregationKind.Last when feature.Field == "category" && upsert.Category is { } category:
                EntityStateWriter.KeepLatestLabel(state, feature.Name, category, upsert.TsMs);
                break;
            case AggregationKind.Last when feature.Field == "price" && upsert.Price is { } price:
                EntityStateWriter.KeepLatest(state, feature.Name, price, upsert.TsMs);
                break;
            case AggregationKind.Max when upsert.Price is { } price:
                EntityStateWriter.KeepMax(state, feature.Name, price, upsert.TsMs);
                break;
            case AggregationKind.Sum when upsert.Price is { } price:
                EntityStateWriter.Add(state, feature.Name, price, upsert.TsMs);
                break;
        }
    }

    /// <summary>Applies an interaction to <paramref name="features"/> only (an online backfill): the entity's event count and
    /// times, and every other feature, stay as live ingestion left them.</summary>
    public void ApplyOnly(EntityState state, Interaction interaction, FeatureDefinition[] features)
    {
        foreach (var feature in features)
        {
            if (feature.Accepts(interaction.Type))
            {
                AggregateInteraction(state, feature, interaction);
            }
        }
    }

    private static void ApplyInteraction(EntityState state, Interaction interaction, FeatureDefinition[] aggregations)
    {
        EntityStateWriter.RecordEvent(state, interaction.TsMs);
        foreach (var feature in aggregations)
        {
            if (feature.Source == Topics.Interactions && feature.Accepts(interaction.Type))
            {
                AggregateInteraction(state, feature, interaction);
            }
        }
    }

    /// <summary>One aggregation's update for an interaction the feature accepts.</summary>
    private static void AggregateInteraction(EntityState state, FeatureDefinition feature, Interaction interaction)
    {
        var ts = interaction.TsMs;
        switch (feature.Aggregation)
        {
            case AggregationKind.Count:
                EntityStateWriter.Add(state, feature.Name, 1, ts);
                break;
            case AggregationKind.Sum:
                EntityStateWriter.Add(state, feature.Name, ValueOrWeight(feature, interaction), ts);
                break;
            case AggregationKind.Max:
                EntityStateWriter.KeepMax(state, feature.Name, interaction.Value, ts);
                break;
            case AggregationKind.Last when feature.Field == "value":
                EntityStateWriter.KeepLatest(state, feature.Name, interaction.Value, ts);
                break;
            case AggregationKind.Last when feature.Field == "itemId":
                EntityStateWriter.KeepLatestLabel(state, feature.Name, interaction.ItemId, ts);
                break;
            case AggregationKind.DecayedCount:
                EntityStateWriter.AddDecayed(state, feature, 1, ts);
                break;
            case AggregationKind.DecayedSum:
                EntityStateWriter.AddDecayed(state, feature, ValueOrWeight(feature, interaction), ts);
                break;
            case AggregationKind.KeyedDecayedSum:
                var weight = feature.EventTypeWeights[(int)interaction.Type];
                if ((feature.Key == "itemId" ? interaction.ItemId : interaction.Category) is { } key && weight > 0)
                {
                    EntityStateWriter.AddKeyed(state, feature, key, weight, ts);
                }

                break;
            case AggregationKind.LastNDistinct:
                if (RecentKeyOf(feature, interaction) is { } recentKey)
                {
                    RecentKeys.Add(state, feature, recentKey, ts, interaction.Type);
                }

                break;
        }
    }

    /// <summary>What a sum adds: the event's value when the feature reads it, otherwise the weight of the event's type.</summary>
    private static double ValueOrWeight(FeatureDefinition feature, Interaction interaction) =>
        feature.Field == "value" ? interaction.Value : feature.EventTypeWeights[(int)interaction.Type];

    private static string? RecentKeyOf(FeatureDefinition feature, Interaction interaction) => feature.Key switch
    {
        "userId" => interaction.UserId,
        "category" => interaction.Category,
        _ => interaction.ItemId,
    };

    /// <summary>Value of a numeric user or item feature (aggregated or derived) at <paramref name="asOfMs"/>.</summary>
    public static double ReadNumber(FeatureDefinition feature, EntityState state, long asOfMs) => FeatureReader.Read(feature, state, asOfMs, out _);

    /// <summary>Value of a cross (user × item) feature at <paramref name="asOfMs"/>.</summary>
    internal static double ReadCross(FeatureDefinition feature, EntityState user, string itemId, EntityState item, long asOfMs) =>
        FeatureReader.ReadCross(feature, user, itemId, item, asOfMs, out _);

    /// <summary>Values a JSON reader can take: NaN becomes 0, overflow is clamped to the largest double.</summary>
    private static double ClampToFinite(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, -double.MaxValue, double.MaxValue);

    /// <summary>Every catalogue feature of one entity, as of a time.</summary>
    public FeatureSnapshot Snapshot(string id, EntityState state, EntityKind entity, long asOfMs)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyed = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var recent = new Dictionary<string, RecentKey[]>(StringComparer.Ordinal);
        foreach (var feature in entity == EntityKind.User ? Catalog.UserFeatures : Catalog.ItemFeatures)
        {
            switch (feature.Shape)
            {
                case ValueShape.Number:
                    numbers[feature.Name] = ClampToFinite(ReadNumber(feature, state, asOfMs));
                    break;
                case ValueShape.Label when state.Labels.TryGetValue(feature.Name, out var label):
                    labels[feature.Name] = label;
                    break;
                case ValueShape.Keyed:
                    keyed[feature.Name] = KeyedValues(feature, state, asOfMs);
                    break;
                case ValueShape.RecentList:
                    recent[feature.Name] = state.Recent.TryGetValue(feature.Name, out var list) ? list.OrderByDescending(x => x.LastSeenMs).ToArray() : [];
                    break;
            }
        }

        return new FeatureSnapshot(id, asOfMs, state.EventCount == 0 ? null : state.LastEventMs, numbers, labels, keyed, recent);
    }

    /// <summary>Every catalogue feature of one entity as of a time, with each one's freshness (status and age).</summary>
    public FeatureRead Read(string id, EntityState state, EntityKind entity, long asOfMs) =>
        new(Snapshot(id, state, entity, asOfMs), SnapshotFreshness.Of(entity == EntityKind.User ? Catalog.UserFeatures : Catalog.ItemFeatures, state, asOfMs));

    /// <summary>A keyed aggregation's values as of a time, largest first.</summary>
    private static Dictionary<string, double> KeyedValues(FeatureDefinition feature, EntityState state, long asOfMs)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (state.Keyed.TryGetValue(feature.Name, out var byKey))
        {
            foreach (var (key, cell) in byKey.OrderByDescending(kv => kv.Value.Value * DecayedValue.Factor(kv.Value.RefMs, asOfMs, feature.HalfLifeMs)))
            {
                values[key] = ClampToFinite(DecayedValue.Read(cell, asOfMs, feature.HalfLifeMs));
            }
        }

        return values;
    }
}
