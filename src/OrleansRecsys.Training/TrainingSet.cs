using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Training;

/// <summary>
/// Rows for training: point-in-time vectors from the grid's own <see cref="VectorBuilder"/>, a label, the time and a
/// weight (how much the row counts in training: a purchase more than a click; 0 leaves the row out of the fit).
/// </summary>
public sealed class TrainingSet(string[] featureNames)
{
    public string[] FeatureNames { get; } = featureNames;
    public List<float[]> Rows { get; } = [];
    public List<bool> Labels { get; } = [];
    public List<long> Times { get; } = [];

    /// <summary>One weight per row, or none at all (every row weighs 1): rows added to the lists above one by one carry no weight.</summary>
    public List<float> Weights { get; } = [];

    public int Count => Rows.Count;

    /// <summary>Adds a row with its weight (finite, not negative).</summary>
    public void Add(float[] values, bool label, long tsMs, float weight = 1f)
    {
        if (Weights.Count != Rows.Count)
        {
            throw new InvalidOperationException("rows were added without weights; add every row with Add");
        }

        if (!(weight >= 0) || float.IsInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "a row's weight must be finite and not negative");
        }

        Rows.Add(values);
        Labels.Add(label);
        Times.Add(tsMs);
        Weights.Add(weight);
    }

    /// <summary>The weight of row <paramref name="index"/>: 1 when the set carries no weights.</summary>
    public float WeightOf(int index) => Weights.Count == 0 ? 1f : Weights[index];

    /// <summary>Per feature, the number the rows carry for a missing or expired value (what the manifest records), or null
    /// when unknown.</summary>
    public Dictionary<string, double>? FeatureDefaults { get; private set; }

    /// <summary>An empty set for the rows <paramref name="builder"/> writes, with the defaults it serves.</summary>
    public static TrainingSet BuiltBy(VectorBuilder builder) => new TrainingSet(builder.FeatureNames).WithDefaultsOf(builder);

    /// <summary>Records the defaults <paramref name="builder"/> serves, which must build this set's features in its order:
    /// rows read from a file were built by a builder of the same catalogue.</summary>
    public TrainingSet WithDefaultsOf(VectorBuilder builder)
    {
        if (!builder.FeatureNames.SequenceEqual(FeatureNames, StringComparer.Ordinal))
        {
            throw new InvalidOperationException("the vector builder's features are not the training set's");
        }

        FeatureDefaults = builder.ModelDefaults();
        return this;
    }

    /// <summary>Reads exported or backfilled rows (one JSON object per line: featureNames, values, label, ts, and an optional
    /// weight, 1 when absent).</summary>
    public static TrainingSet FromJsonl(string path)
    {
        TrainingSet? set = null;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var root = doc.RootElement;
            var names = root.GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()!).ToArray();
            set ??= new TrainingSet(names);
            if (!names.SequenceEqual(set.FeatureNames))
            {
                throw new InvalidDataException($"{path}: rows with different feature lists; export one model version's features at a time");
            }

            var weight = root.TryGetProperty("weight", out var w) ? w.GetSingle() : 1f;
            if (!(weight >= 0) || float.IsInfinity(weight))
            {
                throw new InvalidDataException($"{path} line {set.Count + 1}: weight must be finite and not negative (got {weight})");
            }

            set.Add(root.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                root.GetProperty("label").GetBoolean(), root.GetProperty("ts").GetInt64(), weight);
        }

        return set ?? throw new InvalidDataException($"{path} holds no rows");
    }

    /// <summary>
    /// Rows as live traffic produces them: <paramref name="traffic"/> is replayed through the grid's feature engine from
    /// <see cref="TrafficSettings.WarmUp"/> before <paramref name="startMs"/> (that history only builds state), then each of
    /// <paramref name="sessions"/> sessions gives one row per candidate, built from the state when the session starts (when
    /// the simulator asks for its ranking), labelled by whether the session clicked the item. With <paramref name="spread"/>,
    /// the sessions taken are spaced evenly over that much traffic (the others only build state), so the rows describe
    /// several populations of users and items rather than the few minutes of one.
    /// </summary>
    public static TrainingSet FromTraffic(SyntheticTraffic traffic, FeatureCatalog catalog, string[] features, int sessions, long startMs,
        IProgress<string>? progress = null, TimeSpan? spread = null)
    {
        var replay = new FeatureReplay(catalog, features);
        var set = BuiltBy(replay.Builder);
        var every = (spread ?? TimeSpan.Zero).TotalMilliseconds / sessions;
        var nextTakeMs = (double)startMs;
        var done = 0;
        foreach (var step in traffic.Run(startMs - (long)TrafficSettings.WarmUp.TotalMilliseconds))
        {
            replay.Apply(step.Arrivals);
            if (step.AtMs >= nextTakeMs)
            {
                set.AddSession(replay, step);
                if (++done == sessions)
                {
                    break;
                }

                nextTakeMs = Math.Max(nextTakeMs + every, step.AtMs);
                ReportProgress(progress, done, sessions, set.Count);
            }

            replay.Apply(step.Session.Events);
        }

        return set;
    }

    private void AddSession(FeatureReplay replay, TrafficStep step)
    {
        var clicked = step.Session.Events.Where(e => e.Type == InteractionType.Click).Select(e => e.ItemId).ToHashSet(StringComparer.Ordinal);
        foreach (var item in step.Session.Candidates)
        {
            Add(replay.Vector(step.Session.UserId, item, step.AtMs), clicked.Contains(item), step.AtMs);
        }
    }

    private static void ReportProgress(IProgress<string>? progress, int done, int sessions, int rows)
    {
        if (progress is not null && done % Math.Max(1, sessions / 10) == 0)
        {
            progress.Report($"simulated {done}/{sessions} sessions, {rows} rows");
        }
    }

    /// <summary>
    /// Replays a synthetic world through the feature engine. Every view becomes a row whose vector is built from
    /// the state just before the view (no leakage); its label is whether the session clicked the item.
    /// </summary>
    public static TrainingSet FromWorld(SyntheticWorld world, FeatureCatalog catalog, string[] features, int sessions, long startMs,
        IProgress<string>? progress = null)
    {
        var engine = new FeatureEngine(catalog);
        var builder = VectorBuilder.Create(catalog, features);
        var set = BuiltBy(builder);
        var users = new Dictionary<string, EntityState>(StringComparer.Ordinal);
        var items = new Dictionary<string, EntityState>(StringComparer.Ordinal);
        foreach (var u in world.ItemUpserts(startMs))
        {
            var s = new EntityState();
            engine.ApplyItem(s, u);
            items[u.ItemId] = s;
        }

        long seq = 0;
        var ts = startMs + 1000;
        var row = new float[builder.Width];
        for (var n = 0; n < sessions; n++)
        {
            var user = world.NextUser();
            var events = world.Session(user, ts, ref seq);
            ts = events[^1].TsMs + 1000;
            var clicked = new HashSet<string>(events.Where(e => e.Type == InteractionType.Click).Select(e => e.ItemId), StringComparer.Ordinal);
            var userId = SyntheticWorld.UserId(user);
            if (!users.TryGetValue(userId, out var us))
            {
                users[userId] = us = new EntityState();
            }

            foreach (var e in events)
            {
                var item = items[e.ItemId];
                if (e.Type == InteractionType.View)
                {
                    builder.Build(us, [e.ItemId], [item], e.TsMs, row);
                    set.Add((float[])row.Clone(), clicked.Contains(e.ItemId), e.TsMs);
                }

                var category = catalog.ItemCategory is { } c && item.Labels.TryGetValue(c.Name, out var cat) ? cat : null;
                engine.ApplyItem(item, e);
                engine.ApplyUser(us, e with { Category = category });
            }

            if (progress is not null && (n + 1) % Math.Max(1, sessions / 10) == 0)
            {
                progress.Report($"simulated {n + 1}/{sessions} sessions, {set.Count} rows");
            }
        }

        return set;
    }
}
