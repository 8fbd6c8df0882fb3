namespace OrleansRecsys.Features;

/// <summary>Reason codes for rejected events; they become the dead-letter <c>error</c> header and a metric label.</summary>
internal static class RejectReasons
{
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_object";
    public const string TooLarge = "too_large";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string FutureTimestamp = "future_timestamp";
}
