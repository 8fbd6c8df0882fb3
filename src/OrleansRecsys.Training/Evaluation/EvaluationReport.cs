namespace OrleansRecsys.Training.Evaluation;

/// <summary>The outcome of an offline evaluation: what was measured, per ranker, and each ranker against the first.</summary>
public sealed record EvaluationReport(
    int K, int Negatives, DateTimeOffset TestFrom, int Cases, int Users, IReadOnlyList<ScorerResult> Results, IReadOnlyList<PairedDifference> Differences);
