namespace OrleansRecsys.Training.Evaluation;

/// <summary>One held-out case scored by one ranker: did the positive reach the top K, its NDCG@K, and its AUC against the case's negatives.</summary>
public readonly record struct CaseMetrics(double Hit, double Ndcg, double Auc);
