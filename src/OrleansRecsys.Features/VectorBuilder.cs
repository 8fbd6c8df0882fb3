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

    private VectorBuilder(FeatureDefinition[] features)
    {
        _features = features;
        FeatureNames = features.Select(f => f.Name).ToArray();
    }

    public string[] FeatureNames { get; }

    public int Width => _features.Length;

    /// <summary>Compiles a builder for a model's ordered input features, or says why it cannot.</summary>
    public static VectorBuilder Create(FeatureCatalog catalog, IReadOnlyList<string> names)
    {
        if (!TryCreate(catalog, names, out var builder, out var error))
        {
            throw new CatalogException(error!);
        }

        return builder!;
    }

    public static bool TryCreate(FeatureCatalog catalog, IReadOnlyList<string> names, out VectorBuilder? builder, out string? error)
    {
        builder = null;
        if (names.Count == 0 || names.Count > MaxWidth)
        {
            error = $"a model needs 1..{MaxWidth} input features (got {names.Count})";
            return false;
        }

        var features = new FeatureDefinition[names.Count];
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
        }

        error = null;
        builder = new VectorBuilder(features);
        return true;
    }

    /// <summary>
    /// Writes one row per item into <paramref name="rows"/> (row-major, items.Length × Width).
    /// Thread-safe and allocation-free: user-level values are computed once into stack memory.
    /// </summary>
    public void Build(EntityState user, ReadOnlySpan<string> itemIds, ReadOnlySpan<EntityState> items, long asOfMs, Span<float> rows)
    {
        var width = _features.Length;
        Span<double> userValues = stackalloc double[width];
        for (var j = 0; j < width; j++)
        {
            var feature = _features[j];
            userValues[j] = feature.Entity == EntityKind.User ? FeatureEngine.ReadNumber(feature, user, asOfMs) : 0;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var row = rows.Slice(i * width, width);
            var item = items[i];
            for (var j = 0; j < width; j++)
            {
                var feature = _features[j];
                row[j] = ToFiniteFloat(feature.Entity switch
                {
                    EntityKind.User => userValues[j],
                    EntityKind.Item => FeatureEngine.ReadNumber(feature, item, asOfMs),
                    _ => FeatureEngine.ReadCross(feature, user, itemIds[i], item, asOfMs),
                });
            }
        }
    }

    /// <summary>Model inputs are always finite: NaN becomes 0 and overflow is clamped (a price of 1e39 is valid input).</summary>
    private static float ToFiniteFloat(double value) => double.IsNaN(value) ? 0f : (float)Math.Clamp(value, -float.MaxValue, float.MaxValue);
}
