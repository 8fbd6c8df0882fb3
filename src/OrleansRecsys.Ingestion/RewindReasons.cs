namespace OrleansRecsys.Ingestion;

/// <summary>Why the consumer went back to its committed offsets (the <c>reason</c> label of <c>recsys_ingest_rewinds</c>).</summary>
internal static class RewindReasons
{
    /// <summary>A silo died: grains it hosted lost what they had not flushed.</summary>
    public const string Membership = "membership";

    /// <summary>A grain no longer holds state this consumer applied to it.</summary>
    public const string LostState = "lost_state";

    /// <summary>A dead letter was not acknowledged, so it must be produced again.</summary>
    public const string DeadLetter = "dead_letter";

    /// <summary>A round failed unexpectedly.</summary>
    public const string Error = "error";

    /// <summary>Every reason.</summary>
    public static readonly IReadOnlyList<string> All = [Membership, LostState, DeadLetter, Error];
}
