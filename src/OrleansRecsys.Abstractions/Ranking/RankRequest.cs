namespace OrleansRecsys;

/// <summary>A rank request. <see cref="Version"/>, when set, pins the answer to that version of the model (evaluation by an
/// admin): the rollout plan is not consulted, the answer's variant is <see cref="Variants.Pinned"/>, and it counts in no
/// experiment statistics, guardrail or attribution.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RankRequest")]
public sealed record RankRequest(
    [Id(0)] string UserId,
    [Id(1)] string[] Candidates,
    [Id(2)] int K,
    [Id(3)] string Model,
    [Id(4)] string? RequestId = null,
    [Id(5)] int DeadlineMs = 50,
    [Id(6)] bool Explain = false,
    [Id(8)] string? Version = null,
    [Id(7)] ServingContext? Context = null);
