namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankRequest")]
public sealed record RankRequest(
    [Id(0)] string UserId,
    [Id(1)] string[] Candidates,
    [Id(2)] int K,
    [Id(3)] string Model,
    [Id(4)] string? RequestId = null,
    [Id(5)] int DeadlineMs = 50,
    [Id(7)] ServingContext? Context = null);
