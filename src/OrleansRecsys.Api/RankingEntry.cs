namespace OrleansRecsys.Api;

/// <summary>
/// The one reference to the ranking worker that serving handlers call. Made once, on first use: <c>GetGrain</c> resolves
/// the interface's grain type by reflection on every call (about 1.2 KB per request), and a reference is immutable and
/// safe to share between requests (two first requests may both make one; either serves).
/// </summary>
public sealed class RankingEntry(IGrainFactory grains)
{
    private IRankingGrain? _grain;

    public IRankingGrain Grain => _grain ??= grains.GetGrain<IRankingGrain>(0);
}
