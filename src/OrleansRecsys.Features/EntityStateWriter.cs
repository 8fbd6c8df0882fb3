using System.Runtime.InteropServices;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>The updates aggregations make to an <see cref="EntityState"/>, one per kind of cell.</summary>
internal static class EntityStateWriter
{
    /// <summary>Widens the entity's first-seen and last-event times to include <paramref name="tsMs"/> and counts the event.</summary>
    public static void RecordEvent(EntityState state, long tsMs)
    {
        state.FirstSeenMs = state.EventCount == 0 ? tsMs : Math.Min(state.FirstSeenMs, tsMs);
        state.LastEventMs = state.EventCount == 0 ? tsMs : Math.Max(state.LastEventMs, tsMs);
        state.EventCount++;
    }

    public static void Add(EntityState state, string name, double amount, long tsMs)
    {
        ref var cell = ref CellFor(state.Cells, name, out _);
        cell.Value += amount;
        cell.RefMs = Math.Max(cell.RefMs, tsMs);
    }

    /// <summary>Keeps the largest value; the cell's time is the newest event seen, which is when the maximum was last confirmed.</summary>
    public static void KeepMax(EntityState state, string name, double value, long tsMs)
    {
        ref var cell = ref CellFor(state.Cells, name, out var existed);
        cell.Value = existed ? Math.Max(cell.Value, value) : value;
        cell.RefMs = existed ? Math.Max(cell.RefMs, tsMs) : tsMs;
    }

    /// <summary>Keeps the value with the latest event time (a tie goes to the one applied last).</summary>
    public static void KeepLatest(EntityState state, string name, double value, long tsMs)
    {
        ref var cell = ref CellFor(state.Cells, name, out var existed);
        if (!existed || tsMs >= cell.RefMs)
        {
            cell.Value = value;
            cell.RefMs = tsMs;
        }
    }

    /// <summary>Keeps the label with the latest event time (a tie goes to the one applied last).</summary>
    public static void KeepLatestLabel(EntityState state, string name, string label, long tsMs)
    {
        ref var time = ref CellFor(state.WritableLabelTimes, name, out var existed);
        if (!existed || tsMs >= time.RefMs)
        {
            time.RefMs = tsMs;
            state.WritableLabels[name] = IdPool.Intern(label);
        }
    }

    public static void AddDecayed(EntityState state, FeatureDefinition feature, double weight, long tsMs) =>
        DecayedValue.Add(ref CellFor(state.Cells, feature.Name, out _), weight, tsMs, feature.HalfLifeMs);

    /// <summary>Adds a decayed weight under a key, then keeps the feature's top K keys.</summary>
    public static void AddKeyed(EntityState state, FeatureDefinition feature, string key, double weight, long tsMs)
    {
        if (!state.Keyed.TryGetValue(feature.Name, out var byKey))
        {
            byKey = new Dictionary<string, Cell>(StringComparer.Ordinal);
            state.WritableKeyed[feature.Name] = byKey;
        }

        DecayedValue.Add(ref CellFor(byKey, IdPool.Intern(key), out _), weight, tsMs, feature.HalfLifeMs);
        if (byKey.Count > feature.TopK)
        {
            byKey.Remove(WeakestKey(byKey, state.LastEventMs, feature.HalfLifeMs));
        }
    }

    /// <summary>The key with the smallest value, all compared at one common time (ties: the ordinally largest key).</summary>
    private static string WeakestKey(Dictionary<string, Cell> byKey, long asOfMs, double halfLifeMs)
    {
        string? weakest = null;
        var weakestValue = double.MaxValue;
        foreach (var (key, cell) in byKey)
        {
            var value = DecayedValue.Read(cell, asOfMs, halfLifeMs);
            if (value < weakestValue || (value == weakestValue && string.CompareOrdinal(key, weakest) > 0))
            {
                weakest = key;
                weakestValue = value;
            }
        }

        return weakest!;
    }

    private static ref Cell CellFor(Dictionary<string, Cell> cells, string name, out bool existed) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(cells, name, out existed);
}
