namespace OrleansRecsys;

/// <summary>The answer to a run request: the run started or already in progress (<see cref="Run"/>), or why none could start.</summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchStartResult")]
public sealed record BatchStartResult([Id(0)] BatchStartOutcome Outcome, [Id(1)] string? Error, [Id(2)] BatchRunStatus? Run);
