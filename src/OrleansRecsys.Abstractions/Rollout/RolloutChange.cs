namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RolloutChange")]
public sealed record RolloutChange(
    long Revision,
    string Action,
    string Who,
    DateTimeOffset When,
    string Why,
    RolloutPlan? Before,
    RolloutPlan After);
