namespace OrleansRecsys;

/// <summary>
/// Per-variant results of one model (GET /v1/models/{name}/report), with the guardrails' judgement of the canary when
/// there is one, each arm of the experiment against the stable version (<see cref="ArmComparison"/>; null when the plan
/// has no arm), the data quality of each version's inputs, and the autopilot's status (<see cref="Retraining"/>: the run
/// in progress and the last failure) when the model has one.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ModelReport")]
public sealed record ModelReport([Id(0)] string Model, [Id(1)] DateTimeOffset Since, [Id(2)] VariantReport[] Variants, [Id(3)] Interval? CtrDifference, [Id(4)] string[] DriftingFeatures,
    [Id(5)] GuardrailReport? Guardrails = null, [Id(6)] ArmComparison[]? Arms = null, [Id(7)] DataQualityReport? DataQuality = null,
    [Id(8)] RetrainingStatus? Retraining = null);
