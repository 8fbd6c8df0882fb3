using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// Precomputes the users of one activity shard for a run: reads the shard's active users, scores them a few at a time
/// (<see cref="BatchOptions.UsersInFlight"/>), stores each list before counting it, then reports to the coordinator.
/// The work runs in the background of the activation so the coordinator's call returns at once; the coordinator's
/// reminder re-sends unfinished items, which restarts those whose silo died.
/// </summary>
internal sealed class BatchShardWorkerGrain(
    BatchScorer scorer,
    IRecommendationSink sink,
    IOptions<BatchOptions> options,
    RecsysMetrics metrics,
    ILogger<BatchShardWorkerGrain> logger) : Grain, IBatchShardWorkerGrain
{
    private Task? _running;
    private BatchShardResult? _result;

    public Task StartAsync(BatchShardWork work)
    {
        if (_result is { } done)
        {
            // Not awaited: the coordinator is waiting for this call and would only take the report after it.
            _ = ReportAsync(work.Model, done);
            return Task.CompletedTask;
        }

        if (_running is null || _running.IsFaulted)
        {
            // Kept alive while it works: an idle activation could otherwise be collected mid-shard.
            DelayDeactivation(TimeSpan.FromHours(6));
            _running = RunAsync(work);
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(BatchShardWork work)
    {
        var users = await GrainFactory.GetGrain<IUserActivityShardGrain>(work.Shard).ActiveSinceAsync(work.ActiveSinceMs);
        var version = new ModelVersionKey(work.Model, work.Version);
        var candidates = scorer.SourcesForShard();
        long done = 0, failed = 0;
        var asOfMs = work.ComputedAt.ToUnixTimeMilliseconds();
        for (var start = 0; start < users.Length; start += options.Value.UsersInFlight)
        {
            var chunk = users.AsMemory(start, Math.Min(options.Value.UsersInFlight, users.Length - start));
            var stored = await Task.WhenAll(ToArray(chunk, userId => PrecomputeAsync(work, version, userId, candidates, asOfMs)));
            var doneNow = stored.Count(ok => ok);
            done += doneNow;
            failed += stored.Length - doneNow;
            Count(work.Model, doneNow, stored.Length - doneNow);
        }

        _result = new BatchShardResult(work.Sequence, work.Shard, done, failed);
        DelayDeactivation(TimeSpan.FromMinutes(10)); // long enough to answer a re-sent start with the result
        await ReportAsync(work.Model, _result);
    }

    /// <summary>Scores and stores one user; false when scoring or storing failed (the user keeps their previous list).</summary>
    private async Task<bool> PrecomputeAsync(BatchShardWork work, ModelVersionKey version, string userId, ICandidateSources candidates, long asOfMs)
    {
        try
        {
            if (await scorer.TopAsync(version, userId, work.K, candidates, asOfMs) is not { } items)
            {
                return false;
            }

            var recommendations = new PrecomputedRecommendations(userId, work.Model, work.Version, work.RunId, work.ComputedAt, work.K, items);
            await GrainFactory.GetGrain<IUserRecommendationsGrain>(UserRecommendationKeys.Of(work.Model, userId)).StoreAsync(recommendations);
            sink.Publish(recommendations);
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Batch run {Run}: precomputing a user of shard {Shard} failed", work.RunId, work.Shard);
            return false;
        }
    }

    private async Task ReportAsync(string model, BatchShardResult result)
    {
        try
        {
            await GrainFactory.GetGrain<IBatchProgressGrain>(model).ShardDoneAsync(result);
        }
        catch (Exception ex)
        {
            // The coordinator re-sends unfinished items on its reminder; this activation answers with the result then.
            logger.LogWarning(ex, "Batch run of {Model}: reporting shard {Shard} failed; it is reported again when re-sent", model, result.Shard);
        }
    }

    /// <summary>Users per second precomputed is the rate of this counter (<c>recsys_batch_users_total</c>).</summary>
    private void Count(string model, int done, int failed)
    {
        metrics.BatchUsers.Add(done, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", BatchOutcomes.Done));
        if (failed > 0)
        {
            metrics.BatchUsers.Add(failed, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", BatchOutcomes.Failed));
        }
    }

    private static Task<bool>[] ToArray(ReadOnlyMemory<string> users, Func<string, Task<bool>> start)
    {
        var tasks = new Task<bool>[users.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = start(users.Span[i]);
        }

        return tasks;
    }
}
