namespace OrleansRecsys;

/// <summary>Kafka topics of DESIGN.md §2.</summary>
public static class Topics
{
    public const string Interactions = "recsys.interactions";
    public const string Items = "recsys.items";
    public const string DeadLetter = "recsys.deadletter";
    public const string Predictions = "recsys.predictions";

    public static readonly string[] All = [Interactions, Items, DeadLetter, Predictions];
}
