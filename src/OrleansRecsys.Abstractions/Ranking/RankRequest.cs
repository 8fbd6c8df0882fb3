namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankRequest")]
public sealed record RankRequest(
    string UserId,
    string[] Candidates,
    int K,
    string Model,
    string? RequestId = null,
    int DeadlineMs = 50);
