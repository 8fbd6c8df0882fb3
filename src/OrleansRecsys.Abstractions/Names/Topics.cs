namespace OrleansRecsys;

/// <summary>The Kafka topics the grid reads and writes.</summary>
public static class Topics
{
    public const string Interactions = "recsys.interactions";
    public const string Items = "recsys.items";
    public const string DeadLetter = "recsys.deadletter";
    public const string Predictions = "recsys.predictions";

    /// <summary>Precomputed recommendations, one record per user and batch run, keyed by user id.</summary>
    public const string Recommendations = "recsys.recommendations";

    public static readonly string[] All = [Interactions, Items, DeadLetter, Predictions, Recommendations];
}
