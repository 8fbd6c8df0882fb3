namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Per input of one model version, how many values of each <see cref="DataQualityKinds"/> kind it was served since the
/// last report. Made once per version and cleared at each report, so counting costs the rank path no allocation.
/// Not thread-safe: its owner locks around it.
/// </summary>
internal sealed class InputQualityTally(string[] features)
{
    private static readonly int ExpiredKind = Array.IndexOf(DataQualityKinds.All, DataQualityKinds.Expired);
    private static readonly int MissingKind = Array.IndexOf(DataQualityKinds.All, DataQualityKinds.Missing);
    private static readonly int NonFiniteKind = Array.IndexOf(DataQualityKinds.All, DataQualityKinds.NonFinite);
    private static readonly int OutOfRangeKind = Array.IndexOf(DataQualityKinds.All, DataQualityKinds.OutOfRange);

    private readonly long[] _counts = new long[DataQualityKinds.All.Length * features.Length];

    public string[] Features => features;

    /// <summary>Adds one request's counts: for each kind in <see cref="DataQualityKinds.All"/> order, one counter per input.</summary>
    public void Add(ReadOnlySpan<int> counts)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += counts[i];
        }
    }

    /// <summary>The values of input <paramref name="column"/> counted under kind number <paramref name="kind"/>.</summary>
    public long Count(int kind, int column) => _counts[(kind * features.Length) + column];

    /// <summary>
    /// What a serving delta carries, then starts afresh: per input with any, its [expired, missing] values (the feature
    /// fallbacks) and its [non-finite, out of range] values (the rest of data quality); each null when no input had any.
    /// </summary>
    public (Dictionary<string, long[]>? Fallbacks, Dictionary<string, long[]>? Quality) Take()
    {
        Dictionary<string, long[]>? fallbacks = null, quality = null;
        for (var column = 0; column < features.Length; column++)
        {
            Put(ref fallbacks, column, ExpiredKind, MissingKind);
            Put(ref quality, column, NonFiniteKind, OutOfRangeKind);
        }

        Array.Clear(_counts);
        return (fallbacks, quality);
    }

    private void Put(ref Dictionary<string, long[]>? into, int column, int first, int second)
    {
        var (a, b) = (Count(first, column), Count(second, column));
        if (a != 0 || b != 0)
        {
            (into ??= new Dictionary<string, long[]>(StringComparer.Ordinal))[features[column]] = [a, b];
        }
    }
}
