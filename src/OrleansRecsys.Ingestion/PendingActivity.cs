namespace OrleansRecsys.Ingestion;

/// <summary>The users whose interactions were applied since the last checkpoint and the newest event time of each,
/// sent to their activity shards (<see cref="ActivityShards"/>) at the checkpoint.</summary>
internal sealed class PendingActivity
{
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);

    public bool IsEmpty => _latest.Count == 0;

    public void Record(string userId, long eventMs)
    {
        if (!_latest.TryGetValue(userId, out var known) || eventMs > known)
        {
            _latest[userId] = eventMs;
        }
    }

    /// <summary>Everything recorded, grouped by activity shard, and starts afresh.</summary>
    public Dictionary<int, UserActivity[]> Take()
    {
        var byShard = new Dictionary<int, List<UserActivity>>();
        foreach (var (userId, lastActiveMs) in _latest)
        {
            var shard = ActivityShards.Of(userId);
            if (!byShard.TryGetValue(shard, out var users))
            {
                byShard[shard] = users = [];
            }

            users.Add(new UserActivity(userId, lastActiveMs));
        }

        _latest.Clear();
        return byShard.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
