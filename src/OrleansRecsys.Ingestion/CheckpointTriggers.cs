namespace OrleansRecsys.Ingestion;

/// <summary>What started a checkpoint (the <c>why</c> label of <c>recsys_ingest_checkpoints</c>).</summary>
internal static class CheckpointTriggers
{
    /// <summary>The checkpoint interval elapsed.</summary>
    public const string Interval = "interval";

    /// <summary>The grains touched since the last commit reached <c>Recsys:Kafka:CheckpointMaxGrains</c> before the interval elapsed.</summary>
    public const string Size = "size";

    /// <summary>Kafka is taking partitions away: commit what was applied from them first.</summary>
    public const string Revoke = "revoke";

    /// <summary>The silo is stopping.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Every trigger.</summary>
    public static readonly IReadOnlyList<string> All = [Interval, Size, Revoke, Shutdown];
}
