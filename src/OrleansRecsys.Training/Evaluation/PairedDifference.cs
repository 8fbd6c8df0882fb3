namespace OrleansRecsys.Training.Evaluation;

/// <summary>Per-case differences <c>Name − Reference</c> on the same cases, each with its 95 % interval.</summary>
public sealed record PairedDifference(string Name, string Reference, MeanInterval HitRate, MeanInterval Ndcg, MeanInterval Auc);
