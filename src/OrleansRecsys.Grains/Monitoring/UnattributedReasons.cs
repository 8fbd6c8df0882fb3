namespace OrleansRecsys.Grains.Monitoring;

/// <summary>Why an outcome event (a click, cart or purchase with a request id) was not attributed to a model version:
/// the <c>reason</c> label of <c>recsys_outcomes_unattributed</c>.</summary>
public static class UnattributedReasons
{
    /// <summary>The id has separators but not the signed shape.</summary>
    public const string Malformed = "malformed";

    /// <summary>No model version served the response (or the caller chose the id): there is nothing to attribute to.</summary>
    public const string Unversioned = "unversioned";

    /// <summary>The tag does not match: the grid did not issue this id, or not for this user.</summary>
    public const string Forged = "forged";

    /// <summary>A genuine tag for a version the model's registry does not hold.</summary>
    public const string UnknownVersion = "unknown_version";

    /// <summary>Every reason, each reported from start (0 until it happens), so alerts on a rate see the series.</summary>
    public static readonly string[] All = [Malformed, Unversioned, Forged, UnknownVersion];
}
