namespace OrleansRecsys.Api;

/// <summary>One entry of GET /v1/models: a model's rollout plan (null before its first version) and its versions, oldest first.</summary>
public sealed record ModelSummary(string Name, RolloutPlan? Rollout, ModelVersionInfo[] Versions);
