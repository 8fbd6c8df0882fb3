namespace OrleansRecsys.Features;

/// <summary>
/// Applies events to <see cref="EntityState"/> and evaluates features at a read time. Event time is used
/// throughout: a decayed cell keeps its value at a reference time, so out-of-order events are exact.
/// </summary>
public sealed class FeatureEngine(FeatureCatalog catalog)
{
    public FeatureCatalog Catalog { get; } = catalog;

    /// <summary>Decay factor 2^(-(to - from)/halfLife).</summary>
    public static double Decay(long fromMs, long toMs, double halfLifeMs) => Math.Pow(2.0, -(toMs - fromMs) / halfLifeMs);

    public void ApplyUser(EntityState s, Interaction e) => ApplyInteraction(s, e, Catalog.UserAggregations);

    public void ApplyItem(EntityState s, Interaction e) => ApplyInteraction(s, e, Catalog.ItemAggregations);

    public void ApplyItem(EntityState s, ItemUpsert u)
    {
        Touch(s, u.TsMs);
        foreach (var f in Catalog.ItemAggregations)
        {
            if (f.Source != Topics.Items)
            {
                continue;
            }

            switch (f.Aggregation)
            {
                case AggregationKind.Count:
                    Add(s, f.Name, 1, u.TsMs);
                    break;
                case AggregationKind.Last when f.Field == "category":
                    if (u.Category is not null)
                    {
                        SetLabel(s, f.Name, u.Category, u.TsMs);
                    }

                    break;
                case AggregationKind.Last when f.Field == "price":
                    if (u.Price is { } price)
                    {
                        SetLast(s, f.Name, price, u.TsMs);
                    }

                    break;
                case AggregationKind.Max when u.Price is { } p:
                    SetMax(s, f.Name, p);
                    break;
                case AggregationKind.Sum when u.Price is { } p2:
                    Add(s, f.Name, p2, u.TsMs);
                    break;
            }
        }
    }

    private static void ApplyInteraction(EntityState s, Interaction e, FeatureDefinition[] aggs)
    {
        Touch(s, e.TsMs);
        foreach (var f in aggs)
        {
            if (f.Source != Topics.Interactions || !f.Accepts(e.Type))
            {
                continue;
            }

            switch (f.Aggregation)
            {
                case AggregationKind.Count:
                    Add(s, f.Name, 1, e.TsMs);
                    break;
                case AggregationKind.Sum:
                    Add(s, f.Name, f.Field == "value" ? e.Value : f.TypeWeights[(int)e.Type], e.TsMs);
                    break;
                case AggregationKind.Max:
                    SetMax(s, f.Name, e.Value);
                    break;
                case AggregationKind.Last when f.Field == "value":
                    SetLast(s, f.Name, e.Value, e.TsMs);
                    break;
                case AggregationKind.Last when f.Field == "itemId":
                    SetLabel(s, f.Name, e.ItemId, e.TsMs);
                    break;
                case AggregationKind.DecayedCount:
                    AddDecayed(ref Slot(s.Cells, f.Name), 1, e.TsMs, f.HalfLifeMs);
                    break;
                case AggregationKind.DecayedSum:
                    AddDecayed(ref Slot(s.Cells, f.Name), f.Field == "value" ? e.Value : f.TypeWeights[(int)e.Type], e.TsMs, f.HalfLifeMs);
                    break;
                case AggregationKind.KeyedDecayedSum:
                    var key = f.Key == "itemId" ? e.ItemId : e.Category;
                    var w = f.TypeWeights[(int)e.Type];
                    if (key is not null && w > 0)
                    {
                        AddKeyed(s, f, key, w, e.TsMs);
                    }

                    break;
                case AggregationKind.LastNDistinct:
                    var k = f.Key switch { "userId" => e.UserId, "category" => e.Category, _ => e.ItemId };
                    if (k is not null)
                    {
                        AddRecent(s, f, k, e.TsMs);
                    }

                    break;
            }
        }
    }

    private static void Touch(EntityState s, long ts)
    {
        s.FirstSeenMs = s.EventCount == 0 ? ts : Math.Min(s.FirstSeenMs, ts);
        s.LastEventMs = s.EventCount == 0 ? ts : Math.Max(s.LastEventMs, ts);
        s.EventCount++;
    }

    private static ref Cell Slot(Dictionary<string, Cell> cells, string name) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cells, name, out _);

    private static void Add(EntityState s, string name, double v, long ts)
    {
        ref var c = ref Slot(s.Cells, name);
        c.Value += v;
        c.RefMs = Math.Max(c.RefMs, ts);
    }

    private static void SetMax(EntityState s, string name, double v)
    {
        ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(s.Cells, name, out var existed);
        c.Value = existed ? Math.Max(c.Value, v) : v;
    }

    private static void SetLast(EntityState s, string name, double v, long ts)
    {
        ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(s.Cells, name, out var existed);
        if (!existed || ts >= c.RefMs)
        {
            c.Value = v;
            c.RefMs = ts;
        }
    }

    private static void SetLabel(EntityState s, string name, string v, long ts)
    {
        ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(s.WritableLabelTimes, name, out var existed);
        if (!existed || ts >= c.RefMs)
        {
            c.RefMs = ts;
            s.WritableLabels[name] = IdPool.Intern(v);
        }
    }

    /// <summary>Adds weight w at time ts to a cell that stores its value as of RefMs.</summary>
    internal static void AddDecayed(ref Cell c, double w, long ts, double halfLifeMs)
    {
        if (c.RefMs == 0 && c.Value == 0)
        {
            c.Value = w;
            c.RefMs = ts;
        }
        else if (ts <= c.RefMs)
        {
            c.Value += w * Decay(ts, c.RefMs, halfLifeMs);
        }
        else
        {
            c.Value = c.Value * Decay(c.RefMs, ts, halfLifeMs) + w;
            c.RefMs = ts;
        }
    }

    internal static double ReadDecayed(Cell c, long asOfMs, double halfLifeMs) => c.Value == 0 ? 0 : c.Value * Decay(c.RefMs, asOfMs, halfLifeMs);

    private static void AddKeyed(EntityState s, FeatureDefinition f, string key, double w, long ts)
    {
        if (!s.Keyed.TryGetValue(f.Name, out var map))
        {
            map = new Dictionary<string, Cell>(StringComparer.Ordinal);
            s.WritableKeyed[f.Name] = map;
        }

        AddDecayed(ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, IdPool.Intern(key), out _), w, ts, f.HalfLifeMs);
        if (map.Count <= f.TopK)
        {
            return;
        }

        // Keep the top K: evict the smallest value compared at one common time.
        string? weakest = null;
        var weakestValue = double.MaxValue;
        foreach (var (k, c) in map)
        {
            var v = ReadDecayed(c, s.LastEventMs, f.HalfLifeMs);
            if (v < weakestValue || (v == weakestValue && string.CompareOrdinal(k, weakest) > 0))
            {
                weakest = k;
                weakestValue = v;
            }
        }

        map.Remove(weakest!);
    }

    /// <summary>
    /// Keeps the <c>N</c> most recent distinct keys. The list stays ordered by event time (oldest first), so the
    /// usual in-order event appends, the oldest entry is at index 0, and a scan from the end meets repeats early.
    /// </summary>
    private static void AddRecent(EntityState s, FeatureDefinition f, string key, long ts)
    {
        if (!s.Recent.TryGetValue(f.Name, out var list))
        {
            list = new List<RecentKey>(4);
            s.WritableRecent[f.Name] = list;
        }
        else if (list.Count > 0 && list[0].Hash == 0)
        {
            UpgradeRecent(list);
        }

        var hash = RecentKey.KeyHash(key);
        var entries = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (entries[i].Is(key, hash))
            {
                if (ts <= entries[i].LastSeenMs)
                {
                    return;
                }

                list.RemoveAt(i);
                break;
            }
        }

        // Full: the oldest entry makes room, unless the new one is older still (then it is not among the newest N).
        if (list.Count >= f.N)
        {
            if (ts < list[0].LastSeenMs)
            {
                return;
            }

            list.RemoveRange(0, list.Count - f.N + 1);
        }
        else if (list.Count == list.Capacity)
        {
            // Grow by half up to exactly N: these lists are most of a user grain's memory.
            list.Capacity = Math.Min(f.N, Math.Max(4, list.Capacity + (list.Capacity / 2)));
        }

        // Insert after every entry at or before ts (ties keep arrival order).
        var at = list.Count;
        while (at > 0 && list[at - 1].LastSeenMs > ts)
        {
            at--;
        }

        list.Insert(at, new RecentKey(IdPool.Intern(key), ts, hash));
    }

    /// <summary>State stored before lists were kept in time order with hashes: order it (stably) and hash it once.</summary>
    private static void UpgradeRecent(List<RecentKey> list)
    {
        var upgraded = list.Select((kt, i) => (Entry: new RecentKey(kt.Key, kt.LastSeenMs), Index: i))
            .OrderBy(x => x.Entry.LastSeenMs).ThenBy(x => x.Index).Select(x => x.Entry).ToArray();
        list.Clear();
        list.AddRange(upgraded);
    }

    /// <summary>Value of a numeric user or item feature (aggregated or derived) at asOf.</summary>
    public static double Numeric(FeatureDefinition f, EntityState s, long asOfMs)
    {
        switch (f.Derived)
        {
            case DerivedKind.SecsSinceLastEvent:
                return s.EventCount == 0 ? f.CapSecs : Math.Clamp((asOfMs - s.LastEventMs) / 1000.0, 0, f.CapSecs);
            case DerivedKind.HoursSinceFirstSeen:
                return s.EventCount == 0 ? 0 : Math.Max(0, (asOfMs - s.FirstSeenMs) / 3_600_000.0);
            case DerivedKind.SmoothedRatio:
                return (Numeric(f.A!, s, asOfMs) + f.Alpha) / (Numeric(f.B!, s, asOfMs) + f.Beta);
        }

        if (!s.Cells.TryGetValue(f.Name, out var c))
        {
            return 0;
        }

        return f.Aggregation is AggregationKind.DecayedCount or AggregationKind.DecayedSum ? ReadDecayed(c, asOfMs, f.HalfLifeMs) : c.Value;
    }

    /// <summary>Value of a cross (user × item) feature at asOf.</summary>
    public static double Cross(FeatureDefinition f, EntityState user, string itemId, EntityState item, long asOfMs)
    {
        switch (f.Derived)
        {
            case DerivedKind.KeyShare:
                if (!item.Labels.TryGetValue(f.B!.Name, out var key) || !user.Keyed.TryGetValue(f.A!.Name, out var map))
                {
                    return 0;
                }

                var total = 0.0;
                var mine = 0.0;
                foreach (var (k, c) in map)
                {
                    var v = ReadDecayed(c, asOfMs, f.A.HalfLifeMs);
                    total += v;
                    if (string.Equals(k, key, StringComparison.Ordinal))
                    {
                        mine = v;
                    }
                }

                return mine / (total + 1);
            case DerivedKind.SecsSinceKey:
                if (user.Recent.TryGetValue(f.A!.Name, out var list))
                {
                    var hash = RecentKey.KeyHash(itemId);
                    foreach (var kt in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))
                    {
                        if (kt.Is(itemId, hash))
                        {
                            return Math.Clamp((asOfMs - kt.LastSeenMs) / 1000.0, 0, f.CapSecs);
                        }
                    }
                }

                return f.CapSecs;
            case DerivedKind.ValueToAverage:
                if (!item.Cells.TryGetValue(f.A!.Name, out var price))
                {
                    return 1;
                }

                var sum = Numeric(f.B!, user, asOfMs);
                var count = Numeric(f.C!, user, asOfMs);
                return sum > 0 && count > 0 ? price.Value / (sum / count) : 1;
            default:
                return 0;
        }
    }

    /// <summary>Values a JSON reader can take: NaN becomes 0, overflow is clamped to the largest double.</summary>
    public static double Finite(double v) => double.IsNaN(v) ? 0 : Math.Clamp(v, -double.MaxValue, double.MaxValue);

    /// <summary>Every catalogue feature of one entity, as of a time.</summary>
    public FeatureSnapshot Snapshot(string id, EntityState s, EntityKind entity, long asOfMs)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyed = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var recent = new Dictionary<string, RecentKey[]>(StringComparer.Ordinal);
        foreach (var f in entity == EntityKind.User ? Catalog.UserFeatures : Catalog.ItemFeatures)
        {
            switch (f.Shape)
            {
                case ValueShape.Number:
                    numbers[f.Name] = Finite(Numeric(f, s, asOfMs));
                    break;
                case ValueShape.Label:
                    if (s.Labels.TryGetValue(f.Name, out var label))
                    {
                        labels[f.Name] = label;
                    }

                    break;
                case ValueShape.Keyed:
                    var m = new Dictionary<string, double>(StringComparer.Ordinal);
                    if (s.Keyed.TryGetValue(f.Name, out var map))
                    {
                        foreach (var (k, c) in map.OrderByDescending(kv => kv.Value.Value * Decay(kv.Value.RefMs, asOfMs, f.HalfLifeMs)))
                        {
                            m[k] = Finite(ReadDecayed(c, asOfMs, f.HalfLifeMs));
                        }
                    }

                    keyed[f.Name] = m;
                    break;
                case ValueShape.RecentList:
                    recent[f.Name] = s.Recent.TryGetValue(f.Name, out var list)
                        ? list.OrderByDescending(x => x.LastSeenMs).ToArray()
                        : [];
                    break;
            }
        }

        return new FeatureSnapshot(id, asOfMs, s.EventCount == 0 ? null : s.LastEventMs, numbers, labels, keyed, recent);
    }
}
