namespace OrleansRecsys;

/// <summary>
/// Which of the <see cref="Count"/> activity shards tracks a user: FNV-1a over the id's UTF-16 code units. The hash is
/// fixed here rather than taken from <see cref="string.GetHashCode()"/>, which differs per process, because every
/// silo must send a user's activity to the same shard and a batch run must find it there after restarts.
/// </summary>
public static class ActivityShards
{
    /// <summary>How many <see cref="IUserActivityShardGrain"/>s hold the active users; also how many work items a batch run has.</summary>
    public const int Count = 64;

    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The shard (0..<see cref="Count"/>-1) of <paramref name="userId"/>.</summary>
    public static int Of(string userId) => (int)(Fnv1a(userId) % Count);

    /// <summary>32-bit FNV-1a over each character's two bytes, low byte first.</summary>
    public static uint Fnv1a(string value)
    {
        var hash = OffsetBasis;
        foreach (var c in value)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }
}
