namespace OrleansRecsys;

/// <summary>
/// How much one input feature moved one item's score, by occlusion: the item's score minus its score with
/// <paramref name="Feature"/> set to <paramref name="Reference"/> (the median of the feature in the model's training
/// data), every other feature kept. Positive: the feature's value raised the score above what a typical value gives.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureContribution")]
public sealed record FeatureContribution(
    [Id(0)] string Feature,
    [Id(1)] double Value,
    [Id(2)] double Reference,
    [Id(3)] double Contribution);
