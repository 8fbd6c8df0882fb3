namespace OrleansRecsys;

/// <summary>Persistent state names (one per grain kind).</summary>
public static class StateNames
{
    public const string User = "user";
    public const string Item = "item";
    public const string Registry = "registry";
    public const string Rollout = "rollout";
    public const string SourceEpoch = "source-epoch";
    public const string UserActivity = "user-activity";
    public const string BatchRuns = "batch-runs";
    public const string UserRecommendations = "user-recommendations";
    public const string Popularity = "popularity";
    public const string Retraining = "retraining";
    public const string Categories = "categories";
    public const string FeatureCatalog = "feature-catalog";
    public const string FeatureBackfills = "feature-backfills";
}
