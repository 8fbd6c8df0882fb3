namespace OrleansRecsys;

public enum BackfillStartOutcome
{
    Started,

    /// <summary>Another backfill is running; one at a time.</summary>
    AlreadyRunning,

    /// <summary>The request cannot be served as asked (unknown version, empty range); the error says why.</summary>
    Invalid,

    /// <summary>The version adds no feature a backfill computes (user or item aggregations fed by interactions).</summary>
    NothingToBackfill,

    /// <summary>A silo does not serve the version yet: its live ingestion would apply events without the new features
    /// above the cutover, where the backfill cannot reach them.</summary>
    SilosBehind,
}
