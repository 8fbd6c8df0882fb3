namespace OrleansRecsys;

/// <summary>Persistent state names (one per grain kind).</summary>
public static class StateNames
{
    public const string User = "user";
    public const string Item = "item";
    public const string Registry = "registry";
    public const string Rollout = "rollout";
    public const string SourceEpoch = "source-epoch";
}
