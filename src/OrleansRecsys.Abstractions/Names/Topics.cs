namespace OrleansRecsys;

/// <summary>The Kafka topics the grid reads and writes.</summary>
public static class Topics
{
    public const string Interactions = "recsys.interactions";
    public const string Items = "recsys.items";
    public const string DeadLetter = "recsys.deadletter";
    public const string Predictions = "recsys.predictions";

    public static readonly string[] All = [Interactions, Items, DeadLetter, Predictions];
}
