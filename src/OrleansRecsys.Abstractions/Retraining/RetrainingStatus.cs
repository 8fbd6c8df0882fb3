namespace OrleansRecsys;

/// <summary>
/// A model's autopilot at a glance (in <c>GET /v1/models/{name}/retraining</c> and in the model report): whether a policy
/// is in force, the run in progress, and the last finished run, with the last failure so that it is seen.
/// </summary>
/// <param name="LastSuccessAt">When a run last promoted its candidate.</param>
/// <param name="LastFailure">The newest run that ended <c>failed</c>, while no later run has promoted.</param>
[GenerateSerializer, Immutable, Alias("recsys.RetrainingStatus")]
public sealed record RetrainingStatus(
    [Id(0)] bool Enabled,
    [Id(1)] RetrainingRun? Current,
    [Id(2)] RetrainingRun? Last,
    [Id(3)] DateTimeOffset? LastSuccessAt,
    [Id(4)] RetrainingRun? LastFailure);
