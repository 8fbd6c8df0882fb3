namespace OrleansRecsys;

/// <summary>
/// The users of one activity shard (key 0..<see cref="ActivityShards.Count"/>-1, see <see cref="ActivityShards.Of"/>) and
/// when each was last active: ingestion reports them at every checkpoint, a batch run reads one shard per work item.
/// </summary>
[Alias("recsys.IUserActivityShardGrain")]
public interface IUserActivityShardGrain : IGrainWithIntegerKey
{
    [Alias("Record")] Task RecordAsync(UserActivity[] users);

    /// <summary>The users active at or after <paramref name="sinceMs"/> (0: every user the shard holds), in id order.</summary>
    [Alias("Active")] ValueTask<string[]> ActiveSinceAsync(long sinceMs);
}
