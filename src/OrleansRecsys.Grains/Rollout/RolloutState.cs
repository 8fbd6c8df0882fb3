namespace OrleansRecsys.Grains.Rollout;

/// <summary>The persisted rollout of one model: the current plan and its audit history (newest last).</summary>
[GenerateSerializer, Alias("recsys.RolloutState")]
internal sealed class RolloutState
{
    [Id(0)] public RolloutPlan? Plan { get; set; }
    [Id(1)] public List<RolloutChange> History { get; set; } = [];

    /// <summary>A new state with <paramref name="change"/> applied and recorded, keeping the newest <paramref name="maxHistory"/> changes.</summary>
    public RolloutState After(RolloutChange change, int maxHistory)
    {
        var kept = Math.Min(History.Count, maxHistory - 1);
        var history = new List<RolloutChange>(kept + 1);
        history.AddRange(History.Skip(History.Count - kept));
        history.Add(change);
        return new RolloutState { Plan = change.After, History = history };
    }
}
