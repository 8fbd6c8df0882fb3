using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>Something offline evaluation can rank candidates with: a model version or a baseline.</summary>
public interface IRankingScorer : IDisposable
{
    string Name { get; }

    /// <summary>Scores <paramref name="itemIds"/> for a user with the replay's state as it is now (features as of <paramref name="asOfMs"/>).</summary>
    void Score(HistoryReplay replay, string userId, string[] itemIds, long asOfMs, float[] scores);
}
