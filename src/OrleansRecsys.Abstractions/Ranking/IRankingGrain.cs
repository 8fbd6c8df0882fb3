namespace OrleansRecsys;

/// <summary>Stateless, silo-local ranking entry point.</summary>
[Alias("recsys.IRankingGrain")]
public interface IRankingGrain : IGrainWithIntegerKey
{
    [Alias("Rank")] ValueTask<RankResponse> RankAsync(RankRequest request);
    [Alias("Recommend")] ValueTask<RankResponse> RecommendAsync(RecommendRequest request);
    [Alias("Vectors")] ValueTask<VectorsResponse> GetVectorsAsync(VectorsRequest request);
}
