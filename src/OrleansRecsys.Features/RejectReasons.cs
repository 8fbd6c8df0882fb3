namespace OrleansRecsys.Features;

/// <summary>Reason codes for rejected events; they become the dead-letter <c>error</c> header and a metric label.</summary>
public static class RejectReasons
{
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_object";
    public const string TooLarge = "too_large";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string FutureTimestamp = "future_timestamp";

    /// <summary>Too far behind its user's newest event for the de-duplication horizon to tell whether it already counted.</summary>
    public const string OutsideDeduplicationHorizon = "outside_dedup_horizon";

    /// <summary>Every reason.</summary>
    public static readonly IReadOnlyList<string> All =
        [InvalidJson, NotAnObject, TooLarge, MissingField, InvalidField, FutureTimestamp, OutsideDeduplicationHorizon];
}
