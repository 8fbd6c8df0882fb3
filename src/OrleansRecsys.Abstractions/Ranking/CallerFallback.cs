namespace OrleansRecsys;

/// <summary>
/// Rank and recommend as a caller of the grid makes them (the HTTP API, the typed client): the grid's answer when it
/// arrives within the request's deadline plus the caller's grace, otherwise the popularity baseline from the caller's
/// own snapshot, with <see cref="Variants.None"/>, no version, and the reason (<see cref="CallerDeadline.ReasonFor"/>).
/// </summary>
public static class CallerFallback
{
    /// <param name="request">Its <see cref="RankRequest.DeadlineMs"/> must be the resolved deadline (1..10,000), not 0.</param>
    public static async Task<RankResponse> RankAsync(IRankingGrain grid, RankRequest request, TimeSpan grace, PopularitySnapshotKeeper popularity,
        CancellationToken cancellationToken)
    {
        _ = popularity.Current; // keeps the snapshot fresh while the grid answers, so it is recent when it is needed
        var wait = Wait(request.DeadlineMs, grace);
        CallerWait.Announce(wait); // a call still queued when this caller answers is then neither scored nor judged a success
        ValueTask<RankResponse> call;
        try
        {
            call = grid.RankAsync(request);
        }
        catch (Exception ex) when (CallerDeadline.ReasonFor(ex) is { } failed)
        {
            return Rank(request, popularity.Current, failed); // a client with no live gateway may refuse the call at once
        }

        var (answer, reason) = await CallerDeadline.AwaitAsync(call, wait, cancellationToken);
        return answer ?? Rank(request, popularity.Current, reason!);
    }

    /// <param name="request">Its <see cref="RecommendRequest.DeadlineMs"/> must be the resolved deadline (1..10,000), not 0.</param>
    public static async Task<RankResponse> RecommendAsync(IRankingGrain grid, RecommendRequest request, TimeSpan grace, PopularitySnapshotKeeper popularity,
        CancellationToken cancellationToken)
    {
        _ = popularity.Current;
        var wait = Wait(request.DeadlineMs, grace);
        CallerWait.Announce(wait);
        ValueTask<RankResponse> call;
        try
        {
            call = grid.RecommendAsync(request);
        }
        catch (Exception ex) when (CallerDeadline.ReasonFor(ex) is { } failed)
        {
            return Recommend(request, popularity.Current, failed);
        }

        var (answer, reason) = await CallerDeadline.AwaitAsync(call, wait, cancellationToken);
        return answer ?? Recommend(request, popularity.Current, reason!);
    }

    /// <summary>The candidates by the snapshot's popularity (0 for an item not in it), the best <c>k</c>.</summary>
    public static RankResponse Rank(RankRequest request, PopularitySnapshot popularity, string reason) =>
        new(request.RequestId ?? RequestIds.Unversioned(), request.Model, null, Variants.None, true, reason, AsOf(popularity),
            popularity.Rank(request.Candidates, request.K));

    /// <summary>The snapshot's most popular items without the excluded ones (empty before the first snapshot).</summary>
    public static RankResponse Recommend(RecommendRequest request, PopularitySnapshot popularity, string reason) =>
        new(request.RequestId ?? RequestIds.Unversioned(), request.Model, null, Variants.None, true, reason, AsOf(popularity),
            popularity.Top(request.K, request.Exclude));

    private static TimeSpan Wait(int deadlineMs, TimeSpan grace) => TimeSpan.FromMilliseconds(Math.Max(deadlineMs, RequestLimits.MinDeadlineMs)) + grace;

    /// <summary>The scores are the snapshot's, so its time is the answer's "as of" (now, before any snapshot).</summary>
    private static DateTimeOffset AsOf(PopularitySnapshot popularity) => popularity.Count == 0 ? DateTimeOffset.UtcNow : popularity.TakenAt;
}
