namespace OrleansRecsys.Training.Evaluation;

/// <summary>One ranker's metrics over every held-out case, each with its 95 % interval.</summary>
public sealed record ScorerResult(string Name, MeanInterval HitRate, MeanInterval Ndcg, MeanInterval Auc);
