using System.Diagnostics;
using Orleans.Concurrency;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// Scores rows with one model version (key "name@version"). A stateless worker, so it always runs in the
/// caller's silo, and every activation shares that silo's single ONNX session for the version and its instances
/// (<see cref="ScoringInstances"/>), which bound the runs in flight. Reentrant, so a call waiting for an instance does not
/// hold its activation: the wait belongs in the instances' queue, which drops a call whose deadline passed, not in the
/// activation's, which would run it however late.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class ModelVersionGrain(ModelSessionCache sessions, RecsysMetrics metrics) : Grain, IModelVersionGrain
{
    // The key read once per activation: reading and splitting it on every call allocated three strings per request.
    private ModelVersionKey? _version;
    private bool _keyRead;

    public ValueTask<ScoreResult> ScoreAsync(Immutable<float[]> rows, int rowCount) => ScoreByAsync(rows, rowCount, 0);

    public async ValueTask<ScoreResult> ScoreByAsync(Immutable<float[]> rows, int rowCount, long deadlineUnixMs)
    {
        var (loaded, error) = await LoadAsync();
        if (loaded is null)
        {
            return new ScoreResult(null, error);
        }

        if (rowCount < 0 || rows.Value.Length < rowCount * loaded.Scorer.Width)
        {
            return new ScoreResult(null, $"expected {rowCount} rows of {loaded.Scorer.Width} features");
        }

        var deadline = deadlineUnixMs <= 0
            ? ScoringInstances.NoDeadline
            : loaded.Instances.DeadlineAfter(TimeSpan.FromMilliseconds(deadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        float[] scores;
        long started;
        using var span = RecsysTracing.Source.StartActivity(RecsysTracing.ScoreSpan);
        span?.SetTag("recsys.model", loaded.Manifest.Name);
        span?.SetTag("recsys.version", loaded.Manifest.Version);
        span?.SetTag("recsys.rows", rowCount);
        try
        {
            if (loaded.Batcher is { } batcher)
            {
                started = Stopwatch.GetTimestamp();
                scores = await batcher.ScoreAsync(rows.Value, rowCount, deadline);
            }
            else
            {
                (scores, started) = await loaded.Instances.RunAsync(static s => Run(s.Scorer, s.Rows, s.Count), (loaded.Scorer, Rows: rows.Value, Count: rowCount),
                    deadline);
            }
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return new ScoreResult(null, ex.Message);
        }

        // Only the scorer's own time: what a version costs per row, whatever the caller's deadline, the feature reads or the
        // wait for a free instance took. With micro-batching on it includes the batching wait, which is the same for every version.
        var scorerMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        metrics.Scores.Add(rowCount);
        for (var i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                return new ScoreResult(null, $"model produced a non-finite score for row {i}");
            }
        }

        return new ScoreResult(scores, null, scorerMs);
    }

    /// <summary>One run on an instance, and when it started (after any wait for the instance).</summary>
    private static (float[] Scores, long Started) Run(OnnxScorer scorer, float[] rows, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var scores = new float[count];
        scorer.Score(rows, count, scores);
        return (scores, started);
    }

    public async ValueTask<string?> GetHealthErrorAsync()
    {
        return (await LoadAsync()).Error;
    }

    /// <summary>This grain's session, or why it cannot serve (a key that is not <c>name@version</c> never loads).</summary>
    private async ValueTask<(LoadedModel? Loaded, string? Error)> LoadAsync()
    {
        if (!_keyRead)
        {
            _version = ModelVersionKey.TryParse(this.GetPrimaryKeyString(), out var parsed) ? parsed : null;
            _keyRead = true;
        }

        return _version is { } version
            ? await sessions.GetAsync(version.Model, version.Version)
            : (null, $"'{this.GetPrimaryKeyString()}' is not a model version key (name@version)");
    }
}
