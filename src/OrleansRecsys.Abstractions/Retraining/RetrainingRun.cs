namespace OrleansRecsys;

/// <summary>
/// One retraining run of a model: what started it, the step it is at (<see cref="RetrainingSteps"/>), and what each
/// finished step found. <see cref="HoldoutFromMs"/> and <see cref="DataUntilMs"/> are fixed when the run starts, so a
/// resumed run trains and gates on the same history. <see cref="Outcome"/> is null while the run is in progress.
/// </summary>
/// <param name="Version">The candidate's version name (<c>auto-…</c>), chosen at start.</param>
/// <param name="BaseVersion">The stable version when the run started: the one the candidate is gated and canaried against.</param>
/// <param name="GateCandidate">The candidate's mean AUC on the hold-out cases.</param>
/// <param name="GateStable">The stable version's mean AUC on the same cases.</param>
/// <param name="CanaryRevision">The plan revision that set the canary: promote and rollback quote it.</param>
/// <param name="StableBaseline">The stable version's attributed clicks and impressions when the soak began.</param>
[GenerateSerializer, Immutable, Alias("recsys.RetrainingRun")]
public sealed record RetrainingRun(
    [Id(0)] string RunId,
    [Id(1)] long Sequence,
    [Id(2)] string Trigger,
    [Id(3)] string TriggerReason,
    [Id(4)] string Who,
    [Id(5)] string Step,
    [Id(6)] DateTimeOffset StartedAt,
    [Id(7)] DateTimeOffset StepStartedAt,
    [Id(8)] string Version,
    [Id(9)] string BaseVersion,
    [Id(10)] long HoldoutFromMs,
    [Id(11)] long DataUntilMs,
    [Id(12)] string? Outcome = null,
    [Id(13)] string? Reason = null,
    [Id(14)] DateTimeOffset? FinishedAt = null,
    [Id(15)] string? Dataset = null,
    [Id(16)] double? GateCandidate = null,
    [Id(17)] double? GateStable = null,
    [Id(18)] int? GateCases = null,
    [Id(19)] long? CanaryRevision = null,
    [Id(20)] long[]? StableBaseline = null,
    [Id(21)] Interval? CtrDifference = null,
    [Id(22)] int Resumes = 0);
