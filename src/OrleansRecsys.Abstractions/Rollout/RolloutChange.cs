namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RolloutChange")]
public sealed record RolloutChange(
    [Id(0)] long Revision,
    [Id(1)] string Action,
    [Id(2)] string Who,
    [Id(3)] DateTimeOffset When,
    [Id(4)] string Why,
    [Id(5)] RolloutPlan? Before,
    [Id(6)] RolloutPlan After);
