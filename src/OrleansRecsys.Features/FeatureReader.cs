using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// Reads a numeric feature together with the event time of its last change, from which freshness (age, status) follows.
/// A derived value changed when the newest of its inputs did; a cross value needs all its inputs and is missing without
/// one of them. <see cref="Never"/> marks a value that was never written.
/// </summary>
public static class FeatureReader
{
    /// <summary>The "last changed" time of a value that was never written.</summary>
    public const long Never = long.MinValue;

    private const double MillisecondsPerSecond = 1000.0;
    private const double MillisecondsPerHour = 3_600_000.0;

    /// <summary>A user or item number at <paramref name="asOfMs"/>, and in <paramref name="changedMs"/> when it last changed.</summary>
    public static double Read(FeatureDefinition feature, EntityState state, long asOfMs, out long changedMs)
    {
        switch (feature.Derived)
        {
            case DerivedKind.SecsSinceLastEvent:
                changedMs = state.EventCount == 0 ? Never : state.LastEventMs;
                return state.EventCount == 0
                    ? feature.CapSeconds
                    : Math.Clamp((asOfMs - state.LastEventMs) / MillisecondsPerSecond, 0, feature.CapSeconds);
            case DerivedKind.HoursSinceFirstSeen:
                changedMs = state.EventCount == 0 ? Never : state.LastEventMs;
                return state.EventCount == 0 ? 0 : Math.Max(0, (asOfMs - state.FirstSeenMs) / MillisecondsPerHour);
            case DerivedKind.SmoothedRatio:
                var numerator = Read(feature.Numerator!, state, asOfMs, out var numeratorMs);
                var denominator = Read(feature.Denominator!, state, asOfMs, out var denominatorMs);
                changedMs = Math.Max(numeratorMs, denominatorMs);
                return (numerator + feature.Alpha) / (denominator + feature.Beta);
        }

        if (!state.Cells.TryGetValue(feature.Name, out var cell))
        {
            changedMs = Never;
            return 0;
        }

        changedMs = cell.RefMs;
        return feature.Aggregation is AggregationKind.DecayedCount or AggregationKind.DecayedSum
            ? DecayedValue.Read(cell, asOfMs, feature.HalfLifeMs)
            : cell.Value;
    }

    /// <summary>A cross (user × item) number at <paramref name="asOfMs"/>, and when it last changed.</summary>
    public static double ReadCross(FeatureDefinition feature, EntityState user, string itemId, EntityState item, long asOfMs, out long changedMs) =>
        ReadCross(feature, user, null, itemId, item, asOfMs, out changedMs);

    /// <summary>A context number: the request's value, new at the read time; missing when the request does not give it.</summary>
    public static double ReadContext(FeatureDefinition feature, ServingContext? context, long asOfMs, out long changedMs)
    {
        if (context is not null && context.Numbers.TryGetValue(feature.Name, out var value))
        {
            changedMs = asOfMs;
            return value;
        }

        changedMs = Never;
        return 0;
    }

    /// <summary>A cross (user × item, or context × item) number at <paramref name="asOfMs"/>, and when it last changed.</summary>
    public static double ReadCross(FeatureDefinition feature, EntityState user, ServingContext? context, string itemId, EntityState item, long asOfMs,
        out long changedMs)
    {
        switch (feature.Derived)
        {
            case DerivedKind.LabelMatch:
                return LabelMatch(feature, context, item, asOfMs, out changedMs);
            case DerivedKind.KeyShare:
                return KeyShare(feature, user, item, asOfMs, out changedMs);
            case DerivedKind.SecsSinceKey:
                return SecondsSinceKey(feature, user, itemId, asOfMs, out changedMs);
            case DerivedKind.ValueToAverage:
                return ValueToAverage(feature, user, item, asOfMs, out changedMs);
            default:
                changedMs = Never;
                return 0;
        }
    }

    /// <summary>1 when the request's label equals the item's, else 0; missing while either is absent. The request's side
    /// is new, so the value is as fresh as the read.</summary>
    private static double LabelMatch(FeatureDefinition feature, ServingContext? context, EntityState item, long asOfMs, out long changedMs)
    {
        if (context is null || !context.Labels.TryGetValue(feature.ContextInput!.Name, out var wanted) || !item.Labels.TryGetValue(feature.ItemInput!.Name, out var label))
        {
            changedMs = Never;
            return 0;
        }

        changedMs = asOfMs;
        return string.Equals(wanted, label, StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>The share of the user's keyed total held by the item's label, smoothed by one: mine / (total + 1).</summary>
    private static double KeyShare(FeatureDefinition feature, EntityState user, EntityState item, long asOfMs, out long changedMs)
    {
        var keyed = feature.UserInput!;
        changedMs = Never;
        if (!item.Labels.TryGetValue(feature.ItemInput!.Name, out var label) || !user.Keyed.TryGetValue(keyed.Name, out var byKey)
            || !item.TryGetLabelTime(feature.ItemInput!.Name, out var labelMs))
        {
            return 0;
        }

        var total = 0.0;
        var mine = 0.0;
        var newestKeyMs = Never;
        foreach (var (key, cell) in byKey)
        {
            var value = DecayedValue.Read(cell, asOfMs, keyed.HalfLifeMs);
            total += value;
            newestKeyMs = Math.Max(newestKeyMs, cell.RefMs);
            if (string.Equals(key, label, StringComparison.Ordinal))
            {
                mine = value;
            }
        }

        changedMs = byKey.Count == 0 ? Never : Math.Max(newestKeyMs, labelMs);
        return mine / (total + 1);
    }

    /// <summary>Seconds since the user's recent list last saw the item; the cap if it holds no such entry. The list is as
    /// current as the user's latest event, so that is when the value last changed.</summary>
    private static double SecondsSinceKey(FeatureDefinition feature, EntityState user, string itemId, long asOfMs, out long changedMs)
    {
        changedMs = user.EventCount == 0 ? Never : user.LastEventMs;
        return user.Recent.TryGetValue(feature.UserInput!.Name, out var list) && RecentKeys.TryFindTime(list, itemId, out var seenMs)
            ? Math.Clamp((asOfMs - seenMs) / MillisecondsPerSecond, 0, feature.CapSeconds)
            : feature.CapSeconds;
    }

    /// <summary>The item's value over the user's average (sum / count); 1 when either is unknown.</summary>
    private static double ValueToAverage(FeatureDefinition feature, EntityState user, EntityState item, long asOfMs, out long changedMs)
    {
        if (!item.Cells.TryGetValue(feature.ItemInput!.Name, out var itemValue))
        {
            changedMs = Never;
            return 1;
        }

        var sum = Read(feature.UserSum!, user, asOfMs, out var sumMs);
        var count = Read(feature.UserCount!, user, asOfMs, out var countMs);
        changedMs = Math.Max(itemValue.RefMs, Math.Max(sumMs, countMs));
        return sum > 0 && count > 0 ? itemValue.Value / (sum / count) : 1;
    }
}
