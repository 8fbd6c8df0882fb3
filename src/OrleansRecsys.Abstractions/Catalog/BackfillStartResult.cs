namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.BackfillStartResult")]
public sealed record BackfillStartResult([Id(0)] BackfillStartOutcome Outcome, [Id(1)] string? Error, [Id(2)] BackfillStatus? Backfill);
