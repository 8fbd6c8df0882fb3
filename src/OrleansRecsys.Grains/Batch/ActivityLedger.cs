namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// The users of one activity shard and when each was last active: newer reports win, users idle past the retention
/// are dropped. Plain logic, kept by <see cref="UserActivityShardGrain"/> and tested without a cluster.
/// </summary>
[GenerateSerializer, Alias("recsys.ActivityLedger")]
internal sealed class ActivityLedger
{
    [Id(0)] public Dictionary<string, long> LastActiveMs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Takes the reports; true when any of them changed the ledger.</summary>
    public bool Record(IEnumerable<UserActivity> users)
    {
        var changed = false;
        foreach (var (userId, lastActiveMs) in users)
        {
            if (!LastActiveMs.TryGetValue(userId, out var known) || lastActiveMs > known)
            {
                LastActiveMs[userId] = lastActiveMs;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Drops users last active before <paramref name="cutoffMs"/>; true when any was dropped.</summary>
    public bool Prune(long cutoffMs)
    {
        var before = LastActiveMs.Count;
        foreach (var (userId, lastActiveMs) in LastActiveMs)
        {
            if (lastActiveMs < cutoffMs)
            {
                LastActiveMs.Remove(userId);
            }
        }

        return LastActiveMs.Count != before;
    }

    /// <summary>The users active at or after <paramref name="sinceMs"/>, in ordinal id order (a re-run walks them the same way).</summary>
    public string[] ActiveSince(long sinceMs)
    {
        var users = new List<string>(LastActiveMs.Count);
        foreach (var (userId, lastActiveMs) in LastActiveMs)
        {
            if (lastActiveMs >= sinceMs)
            {
                users.Add(userId);
            }
        }

        users.Sort(StringComparer.Ordinal);
        return users.ToArray();
    }
}
