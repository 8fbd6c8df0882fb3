namespace OrleansRecsys.Api;

/// <summary>The JSON body of <c>POST /v1/models/{name}/retraining/runs</c>: why a run is wanted now (kept with the run and in the rollout history).</summary>
public sealed record RetrainingTriggerBody(string? Reason);
