namespace OrleansRecsys.Ingestion;

/// <summary>
/// When a checkpoint is due and how much a round may take before it: by time (the interval elapsed) or by size (the
/// grains touched since the last checkpoint began reached the limit). Consumption goes on while a checkpoint's writes
/// are in flight, but a checkpoint's flush time grows with the grains it covers, so the size limit bounds the
/// checkpoint, and a full scope waits for the checkpoint in flight (one at a time); with many active users one
/// interval can touch more grains than storage writes in one.
/// Pure, so it is unit-tested without Kafka or a cluster.
/// </summary>
internal sealed class CheckpointSchedule(TimeSpan interval, int maxGrains, int maxBatch)
{
    /// <summary>The trigger of a checkpoint due now, or null when none is.</summary>
    public string? Due(TimeSpan sinceLastCheckpoint, int touchedGrains)
    {
        if (sinceLastCheckpoint >= interval)
        {
            return CheckpointTriggers.Interval;
        }

        return touchedGrains >= maxGrains ? CheckpointTriggers.Size : null;
    }

    /// <summary>Whether the grains touched reached the size limit: no more rounds until the next checkpoint begins.</summary>
    public bool Full(int touchedGrains) => touchedGrains >= maxGrains;

    /// <summary>Most messages the next round may take: what is left of the size limit (each message touches one user and
    /// one item, and items are few), so a round does not carry a checkpoint far past it; at least one, at most the batch
    /// limit.</summary>
    public int RoundLimit(int touchedGrains) => Math.Clamp(maxGrains - touchedGrains, 1, maxBatch);
}
