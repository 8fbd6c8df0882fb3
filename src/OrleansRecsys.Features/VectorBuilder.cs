using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// The one vector builder: turns a user's and candidate items' state into the model's input rows, in the
/// manifest's feature order. Online scoring, <c>/v1/features/vectors</c> and training-data export all call it,
/// so there is no training/serving skew.
/// </summary>
public sealed class VectorBuilder
{
    private const int MaxWidth = 1024;

    private readonly FeatureDefinition[] _features;

    /// <summary>Per column, what a missing or expired value is served as.</summary>
    private readonly double[] _fallbacks;

    private VectorBuilder(FeatureDefinition[] features, double[] fallbacks)
    {
        _features = features;
        _fallbacks = fallbacks;
        FeatureNames = features.Select(f => f.Name).ToArray();
    }

    public string[] FeatureNames { get; }

    /// <summary>Per column, the number a missing or expired value becomes (the manifest's default, else the catalogue's).</summary>
    public IReadOnlyList<double> Fallbacks => _fallbacks;

    public int Width => _features.Length;

    /// <summary>Compiles a builder for a model's ordered input features, or says why it cannot.</summary>
    public static VectorBuilder Create(FeatureCatalog catalog, IReadOnlyList<string> names, IReadOnlyDictionary<string, double>? defaults = null)
    {
        if (!TryCreate(catalog, names, out var builder, out var error, defaults))
        {
            throw new CatalogException(error!);
        }

        return builder!;
    }

    /// <summary>Compiles the builder a model version is served with: its manifest's features, with the defaults it was trained on
    /// when the manifest records them (the catalogue's otherwise, for manifests written before they were recorded).</summary>
    public static VectorBuilder Create(FeatureCatalog catalog, ModelManifest manifest) => Create(catalog, manifest.Features, manifest.FeatureDefaults);

    /// <summary><see cref="Create(FeatureCatalog, ModelManifest)"/>, or why the manifest's features cannot be built.</summary>
    public static bool TryCreate(FeatureCatalog catalog, ModelManifest manifest, out VectorBuilder? builder, out string? error) =>
        TryCreate(catalog, manifest.Features, out builder, out error, manifest.FeatureDefaults);

    /// <summary>
    /// Per feature, the number a model reads for a missing or expired value, as a trainer records it in the manifest: the
    /// fallback after the same replacement every model input gets (NaN becomes 0, overflow the largest float), so it is
    /// finite and equal to what the rows carried.
    /// </summary>
    public Dictionary<string, double> ModelDefaults()
    {
        var defaults = new Dictionary<string, double>(FeatureNames.Length, StringComparer.Ordinal);
        for (var j = 0; j < FeatureNames.Length; j++)
        {
            defaults[FeatureNames[j]] = IsFiniteFloat(_fallbacks[j]) ? _fallbacks[j] : ToFiniteFloat(_fallbacks[j]);
        }

        return defaults;
    }

    /// <param name="defaults">Fallback values recorded with a model (its manifest's feature defaults), which win over the
    /// catalogue's so that a model is served missing and expired values as it was trained on them.</param>
    public static bool TryCreate(FeatureCatalog catalog, IReadOnlyList<string> names, out VectorBuilder? builder, out string? error,
        IReadOnlyDictionary<string, double>? defaults = null)
    {
        builder = null;
        if (names.Count == 0 || names.Count > MaxWidth)
        {
            error = $"a model needs 1..{MaxWidth} input features (got {names.Count})";
            return false;
        }

        var features = new FeatureDefinition[names.Count];
        var fallbacks = new double[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!catalog.TryGet(names[i], out var feature))
            {
                error = $"feature '{names[i]}' is not in the catalogue";
                return false;
            }

            if (!feature.IsNumeric)
            {
                error = $"feature '{names[i]}' is a {feature.Shape.ToString().ToLowerInvariant()}, not a number, and cannot be a model input";
                return false;
            }

            features[i] = feature;
            fallbacks[i] = defaults is not null && defaults.TryGetValue(names[i], out var declared) && double.IsFinite(declared) ? declared : feature.FallbackValue;
        }

        error = null;
        builder = new VectorBuilder(features, fallbacks);
        return true;
    }

    /// <summary>
    /// Writes one row per item into <paramref name="rows"/> (row-major, items.Length × Width).
    /// Thread-safe and allocation-free: user-level values are computed once into stack memory.
    /// </summary>
    public void Build(EntityState user, ReadOnlySpan<string> itemIds, ReadOnlySpan<EntityState> items, long asOfMs, Span<float> rows) =>
        Build(user, null, itemIds, items, asOfMs, rows, default, default);

    /// <summary>
    /// Writes the rows as <see cref="Build(EntityState, ReadOnlySpan{string}, ReadOnlySpan{EntityState}, long, Span{float})"/>
    /// does, and adds to <paramref name="expired"/> and <paramref name="missing"/> (Width counters each, or empty to skip
    /// counting) how many values of each column were served as the fallback because they were expired or missing. Context
    /// features and context × item features read <paramref name="context"/>, the request's own values.
    /// </summary>
    public void Build(EntityState user, ServingContext? context, ReadOnlySpan<string> itemIds, ReadOnlySpan<EntityState> items, long asOfMs, Span<float> rows,
        Span<int> expired, Span<int> missing) =>
        Build(user, context, itemIds, items, asOfMs, rows, expired, missing, default);

    /// <summary>
    /// Writes and counts the rows as the overload without <paramref name="nonFinite"/> does, and adds to it (Width counters,
    /// or empty to skip) how many values of each column were not finite as a model input (NaN, infinite, or beyond the range
    /// of a 32-bit float) and were therefore replaced: NaN by 0, the others by the largest float of their sign.
    /// </summary>
    public void Build(EntityState user, ServingContext? context, ReadOnlySpan<string> itemIds, ReadOnlySpan<EntityState> items, long asOfMs, Span<float> rows,
        Span<int> expired, Span<int> missing, Span<int> nonFinite)
    {
        var width = _features.Length;
        var counting = !expired.IsEmpty && !missing.IsEmpty;
        var countingNonFinite = !nonFinite.IsEmpty;
        Span<double> userValues = stackalloc double[width];
        Span<FeatureStatus> userStatuses = stackalloc FeatureStatus[width];
        for (var j = 0; j < width; j++)
        {
            // The values that are the same on every row: the user's and the request's.
            if (_features[j].Entity == EntityKind.User)
            {
                userValues[j] = Serve(j, FeatureReader.Read(_features[j], user, asOfMs, out var changedMs), changedMs, asOfMs, out userStatuses[j]);
            }
            else if (_features[j].Entity == EntityKind.Context)
            {
                userValues[j] = Serve(j, FeatureReader.ReadContext(_features[j], context, asOfMs, out var givenMs), givenMs, asOfMs, out userStatuses[j]);
            }
        }

        for (var i = 0; i < items.Length; i++)
        {
            var row = rows.Slice(i * width, width);
            var item = items[i];
            for (var j = 0; j < width; j++)
            {
                var status = userStatuses[j];
                var value = _features[j].Entity switch
                {
                    EntityKind.User or EntityKind.Context => userValues[j],
                    EntityKind.Item => Serve(j, FeatureReader.Read(_features[j], item, asOfMs, out var itemMs), itemMs, asOfMs, out status),
                    _ => Serve(j, FeatureReader.ReadCross(_features[j], user, context, itemIds[i], item, asOfMs, out var crossMs), crossMs, asOfMs, out status),
                };
                row[j] = ToFiniteFloat(value);
                if (counting && status != FeatureStatus.Present)
                {
                    (status == FeatureStatus.Expired ? ref expired[j] : ref missing[j])++;
                }

                if (countingNonFinite && !IsFiniteFloat(value))
                {
                    nonFinite[j]++;
                }
            }
        }
    }

    /// <summary>
    /// Each value's age in seconds at <paramref name="asOfMs"/> (NaN where missing), in the layout of the rows: what the
    /// staleness histogram records for a sample of requests.
    /// </summary>
    public void ReadAges(EntityState user, ServingContext? context, ReadOnlySpan<string> itemIds, ReadOnlySpan<EntityState> items, long asOfMs, Span<double> ages)
    {
        var width = _features.Length;
        for (var i = 0; i < items.Length; i++)
        {
            for (var j = 0; j < width; j++)
            {
                var feature = _features[j];
                long changedMs;
                _ = feature.Entity switch
                {
                    EntityKind.User => FeatureReader.Read(feature, user, asOfMs, out changedMs),
                    EntityKind.Item => FeatureReader.Read(feature, items[i], asOfMs, out changedMs),
                    EntityKind.Context => FeatureReader.ReadContext(feature, context, asOfMs, out changedMs),
                    _ => FeatureReader.ReadCross(feature, user, context, itemIds[i], items[i], asOfMs, out changedMs),
                };
                ages[(i * width) + j] = Freshness.AgeSeconds(changedMs, asOfMs) ?? double.NaN;
            }
        }
    }

    /// <summary>The value a model reads: the stored one when present, the column's fallback when expired or missing.</summary>
    private double Serve(int column, double value, long changedMs, long asOfMs, out FeatureStatus status)
    {
        status = Freshness.StatusOf(_features[column], changedMs, asOfMs);
        return status == FeatureStatus.Present ? value : _fallbacks[column];
    }

    /// <summary>Whether a value reaches the model unchanged: finite, and inside the range of a 32-bit float.</summary>
    internal static bool IsFiniteFloat(double value) => double.IsFinite(value) && Math.Abs(value) <= float.MaxValue;

    /// <summary>Model inputs are always finite: NaN becomes 0 and overflow is clamped (a price of 1e39 is valid input).</summary>
    private static float ToFiniteFloat(double value) => double.IsNaN(value) ? 0f : (float)Math.Clamp(value, -float.MaxValue, float.MaxValue);
}
