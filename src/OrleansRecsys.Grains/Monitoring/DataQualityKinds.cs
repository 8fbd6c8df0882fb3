namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// What can be wrong with a value a model input was served: the <c>kind</c> label of
/// <c>recsys_data_quality_values_total</c>, in the order of a version's tally (<see cref="InputQualityTally"/>).
/// </summary>
internal static class DataQualityKinds
{
    /// <summary>Older than the feature's TTL: served as the input's default.</summary>
    public const string Expired = "expired";

    /// <summary>Never written for the entity: served as the input's default.</summary>
    public const string Missing = "missing";

    /// <summary>NaN, infinite or beyond a 32-bit float: replaced so that the model reads a finite number.</summary>
    public const string NonFinite = "non_finite";

    /// <summary>Outside the training data's range (<see cref="ReferenceRange"/>).</summary>
    public const string OutOfRange = "out_of_range";

    public static readonly string[] All = [Expired, Missing, NonFinite, OutOfRange];
}
