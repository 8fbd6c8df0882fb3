using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Scores rows with one model version (key: "name@version"); silo-local, shares one ONNX session per silo.</summary>
[Alias("recsys.IModelVersionGrain")]
public interface IModelVersionGrain : IGrainWithStringKey
{
    /// <summary>Scores the rows with no deadline: the call waits for a free instance of the version however long it takes.</summary>
    [Alias("Score")] ValueTask<ScoreResult> ScoreAsync(Immutable<float[]> rows, int rowCount);

    /// <summary>Scores the rows unless <paramref name="deadlineUnixMs"/> (UTC, milliseconds) passes while the call waits for
    /// a free instance of the version: then the rows are never run and the result is the timeout.</summary>
    [Alias("ScoreBy")] ValueTask<ScoreResult> ScoreByAsync(Immutable<float[]> rows, int rowCount, long deadlineUnixMs);

    [Alias("Health")] ValueTask<string?> GetHealthErrorAsync();
}
