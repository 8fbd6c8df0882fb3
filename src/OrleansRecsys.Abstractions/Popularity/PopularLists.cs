using System.Collections.Concurrent;

namespace OrleansRecsys;

/// <summary>
/// Popular recommendations per segment, cached in this process: the global list and each category's
/// (<see cref="PopularityKeys"/>), each read from its popularity grain and refreshed in the background once older than
/// the interval (<see cref="PopularitySnapshotKeeper"/>), so a user without history or an anonymous visitor is answered
/// without a grain call. Segments come from callers, so at most <see cref="MaxSegments"/> are cached; past that a
/// segment is read from its grain on each request.
/// </summary>
public sealed class PopularLists(IGrainFactory grains, TimeSpan refreshEvery)
{
    /// <summary>The configuration key of the refresh interval, shared with the HTTP API's popularity snapshot.</summary>
    public const string RefreshKey = "Recsys:Serving:PopularityRefreshMs";

    public const int DefaultRefreshMs = 5000;

    /// <summary>How many segments are cached at most.</summary>
    public const int MaxSegments = 4096;

    private readonly ConcurrentDictionary<string, PopularitySnapshotKeeper> _segments = new(StringComparer.Ordinal);

    /// <summary>The list of <paramref name="segment"/> (<see cref="PopularityKeys.Global"/> or <see cref="PopularityKeys.Category"/>).</summary>
    public async ValueTask<PopularitySnapshot> GetAsync(string segment)
    {
        if (!_segments.TryGetValue(segment, out var keeper))
        {
            if (_segments.Count >= MaxSegments)
            {
                return PopularitySnapshot.From(await grains.GetGrain<IPopularityGrain>(segment).TopAsync(PopularitySnapshotKeeper.Size), DateTimeOffset.UtcNow);
            }

            keeper = _segments.GetOrAdd(segment, key => new PopularitySnapshotKeeper(grains, refreshEvery, key));
        }

        return await keeper.CurrentOrFirstAsync();
    }
}
