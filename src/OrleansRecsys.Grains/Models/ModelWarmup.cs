using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// The scoring batch a freshly loaded version runs before it is handed to any request: rows of the model's real input
/// width, built by its own vector builder (from empty states) and scored through the session and, when micro-batching
/// is on, the batcher. ONNX Runtime sizes its buffers and the JIT compiles the path on this batch instead of on the
/// first request routed to the version.
/// </summary>
internal static class ModelWarmup
{
    /// <summary>About one rank request's candidate count: the first real batch of this size then finds warm buffers.</summary>
    public const int Rows = 100;

    /// <summary>Scores the synthetic batch; the reason when the version cannot score it (it then never serves).</summary>
    public static async Task<string?> RunAsync(LoadedModel model)
    {
        var width = model.Builder.Width;
        var items = new EntityState[Rows];
        var ids = new string[Rows];
        for (var i = 0; i < Rows; i++)
        {
            items[i] = new EntityState();
            ids[i] = "warmup-" + i;
        }

        var rows = new float[Rows * width];
        model.Builder.Build(new EntityState(), ids, items, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), rows);
        var scores = new float[Rows];
        model.Scorer.Score(rows, Rows, scores);
        if (model.Batcher is { } batcher)
        {
            scores = await batcher.ScoreAsync(rows, Rows);
        }

        foreach (var score in scores)
        {
            if (!float.IsFinite(score))
            {
                return "the warm-up batch produced a non-finite score";
            }
        }

        return null;
    }
}
