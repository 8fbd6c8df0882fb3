namespace OrleansRecsys.Grains.Rollout;

/// <summary>The persisted rollout of one model: the current plan and its audit history (newest last).</summary>
[GenerateSerializer, Alias("recsys.RolloutState")]
internal sealed class RolloutState
{
    [Id(0)] public RolloutPlan? Plan { get; set; }
    [Id(1)] public List<RolloutChange> History { get; set; } = [];
}
