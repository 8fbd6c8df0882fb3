namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// The <see cref="ReferenceRange"/> of each input of a model version, in the manifest's order, as bounds a scored row
/// can be compared with. An input without a range has infinite bounds, so none of its values is counted outside.
/// </summary>
internal sealed class InputRanges
{
    private readonly float[] _low;
    private readonly float[] _high;

    private InputRanges(float[] low, float[] high)
    {
        _low = low;
        _high = high;
    }

    public static InputRanges Of(ModelManifest manifest)
    {
        var low = new float[manifest.Features.Length];
        var high = new float[manifest.Features.Length];
        for (var column = 0; column < low.Length; column++)
        {
            var range = ReferenceRange.Of(manifest.ReferenceHistograms.GetValueOrDefault(manifest.Features[column]));
            // Rounded outwards to floats, so a row value (a float) equal to a bound is inside.
            low[column] = range is { } known ? MathF.BitDecrement((float)known.Low) : float.NegativeInfinity;
            high[column] = range is { } bounded ? MathF.BitIncrement((float)bounded.High) : float.PositiveInfinity;
        }

        return new InputRanges(low, high);
    }

    /// <summary>Adds to <paramref name="outside"/>, per column, the values of <paramref name="rows"/> (row-major, one row per
    /// candidate) below or above the column's range. Allocation-free: it runs on every scored request.</summary>
    public void CountOutside(ReadOnlySpan<float> rows, int rowCount, Span<int> outside)
    {
        var width = _low.Length;
        for (var row = 0; row < rowCount; row++)
        {
            var values = rows.Slice(row * width, width);
            for (var column = 0; column < width; column++)
            {
                if (values[column] < _low[column] || values[column] > _high[column])
                {
                    outside[column]++;
                }
            }
        }
    }
}
