namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// Recommend against popularity on held-out history: HR@K of recommend's answer (its candidates ranked by a version)
/// and of the K most popular items, their paired difference, how often the positive was among the candidates at all
/// (candidate recall), and which source proposed the positives recommend hit.
/// </summary>
public sealed record RecommendReport(
    int K,
    DateTimeOffset TestFrom,
    int Cases,
    int Users,
    string Ranker,
    MeanInterval Recommend,
    MeanInterval Popularity,
    MeanInterval Difference,
    MeanInterval CandidateRecall,
    double MeanCandidates,
    IReadOnlyDictionary<string, int> HitsBySource);
