namespace OrleansRecsys;

/// <summary>A model's retraining policy (null when it has none), where it comes from (<see cref="RetrainingPolicySources"/>) and its status.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RetrainingView")]
public sealed record RetrainingView([Id(0)] string Model, [Id(1)] RetrainingPolicy? Policy, [Id(2)] string Source, [Id(3)] RetrainingStatus Status);
