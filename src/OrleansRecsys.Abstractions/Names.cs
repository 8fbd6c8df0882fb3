namespace OrleansRecsys;

/// <summary>Grain storage provider names.</summary>
public static class StorageNames
{
    public const string Recsys = "recsys";
}

/// <summary>Persistent state names (one per grain kind).</summary>
public static class StateNames
{
    public const string User = "user";
    public const string Item = "item";
    public const string Registry = "registry";
    public const string Rollout = "rollout";
    public const string Popularity = "popularity";
}

/// <summary>Kafka topics of docs/design.md.</summary>
public static class Topics
{
    public const string Interactions = "recsys.interactions";
    public const string Items = "recsys.items";
    public const string DeadLetter = "recsys.deadletter";
    public const string Predictions = "recsys.predictions";

    public static readonly string[] All = [Interactions, Items, DeadLetter, Predictions];
}

/// <summary>JWT roles of docs/design.md. Admin implies all others.</summary>
public static class Roles
{
    public const string Score = "recsys.score";
    public const string Read = "recsys.read";
    public const string Ingest = "recsys.ingest";
    public const string Admin = "recsys.admin";
}
