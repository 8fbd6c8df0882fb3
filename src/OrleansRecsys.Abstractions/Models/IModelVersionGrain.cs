using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Scores rows with one model version (key: "name@version"); silo-local, shares one ONNX session per silo.</summary>
[Alias("recsys.IModelVersionGrain")]
public interface IModelVersionGrain : IGrainWithStringKey
{
    [Alias("Score")] ValueTask<ScoreResult> ScoreAsync(Immutable<float[]> rows, int rowCount);
    [Alias("Health")] ValueTask<string?> GetHealthErrorAsync();
}
