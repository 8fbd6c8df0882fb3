namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// The offset epoch of one Kafka partition (key <c>topic/partition</c>): which life of the partition's offsets the
/// grid's watermarks refer to. Offsets restart at 0 when a topic is recreated or the grid moves to a new cluster;
/// without an epoch, every new event would sit below the stored watermarks and be dropped as a replay.
/// </summary>
[Alias("recsys.ISourceEpochGrain")]
internal interface ISourceEpochGrain : IGrainWithStringKey
{
    /// <summary>Called when a consumer is assigned the partition, with the partition's current end offset: an end
    /// below the highest offset ever committed means the offsets restarted, and a new epoch begins.</summary>
    [Alias("Observe")] Task<SourceEpoch> ObserveAsync(long endOffset);

    /// <summary>The current epoch and the highest offset committed in it (as <see cref="SourceEpoch.PreviousCommitted"/>),
    /// changing nothing: how a reader outside the consumer group, an online backfill, names the partition's offsets. Only a
    /// consumer taking the partition up may begin an epoch: a reader's end offset, taken while live ingestion keeps
    /// committing, can lag behind a commit that came after it, which is no restart.</summary>
    [Alias("Current")] ValueTask<SourceEpoch> CurrentAsync();

    /// <summary>Called after each commit with the committed (next-to-read) offset.</summary>
    [Alias("Committed")] Task CommittedAsync(long nextOffset);
}
