using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Candidates;

/// <summary>Where <see cref="CandidateGenerator"/> reads what is not in the user's state: the grid's popularity grains and
/// item replica, or, offline, the replayed history.</summary>
public interface ICandidateSources
{
    /// <summary>The <paramref name="n"/> most popular items of a popularity list (<see cref="PopularityKeys"/>), most popular first.</summary>
    ValueTask<PopularityEntry[]> PopularAsync(string key, int n);

    /// <summary>The items' co-visitation sketches, aligned with <paramref name="itemIds"/> (null for an item without one).</summary>
    ValueTask<CoVisitSketch?[]> CoVisitsAsync(string[] itemIds);
}
