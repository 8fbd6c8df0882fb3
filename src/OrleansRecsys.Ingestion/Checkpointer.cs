using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Commits offsets only behind durable state: flushes the grains touched since the last commit (durable storage
/// only), waits for the dead letters, delivers the attributed outcomes, commits, then sends the popularity and user
/// activity updates gathered meanwhile. "Commits" means storing the offsets for librdkafka's background commit
/// (<see cref="OffsetCommitter"/>), so the consumer loop never waits for the broker.
/// </summary>
internal sealed class Checkpointer(
    IGrainFactory grains,
    RecsysMetrics metrics,
    UncommittedWork uncommitted,
    bool durableState,
    SourceEpochs epochs,
    StorageBackoff storageBackoff,
    OffsetCommitter committer,
    ILogger logger)
{
    private enum FlushOutcome
    {
        Durable,
        FlushFailed,
        LostState,
    }

    /// <summary>Checkpoints what is pending. Returns the reason to rewind to the committed offsets, or null when the
    /// commit happened or can simply wait for the next checkpoint. With <paramref name="flushLimit"/>, flushes still
    /// running after it count as failed: nothing is committed (the final checkpoint of a stopping silo must not wait on
    /// a storage that is down; the next owner replays from the last commit).</summary>
    public async Task<string?> CheckpointAsync(IConsumer<string, byte[]> consumer, string trigger, TimeSpan? flushLimit = null)
    {
        if (!uncommitted.Checkpoints.HasPending)
        {
            return null;
        }

        if (durableState)
        {
            var flush = await FlushTouchedGrainsAsync(trigger, flushLimit);
            if (flush != FlushOutcome.Durable)
            {
                if (flush == FlushOutcome.FlushFailed)
                {
                    HoldConsumption(trigger);
                }

                return flush == FlushOutcome.LostState ? RewindReasons.LostState : null;
            }

            storageBackoff.Release();
        }

        if (!await DeadLettersDeliveredAsync())
        {
            return RewindReasons.DeadLetter;
        }

        if (!await OutcomesDeliveredAsync(trigger))
        {
            return null;
        }

        var offsets = uncommitted.Checkpoints.CommitOffsets(consumer.Assignment);
        if (offsets.Count > 0)
        {
            if (!committer.TryStore(consumer, offsets, trigger))
            {
                return null;
            }

            await epochs.CommittedAsync(offsets);
        }

        await PublishPopularityAsync();
        await PublishActivityAsync();
        uncommitted.Checkpoints.Reset();
        metrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("why", trigger));
        return null;
    }

    /// <summary>Nothing applied since the last commit is durable: stop taking more until storage takes writes again.</summary>
    private void HoldConsumption(string trigger)
    {
        var retryIn = storageBackoff.RecordFailure(Environment.TickCount64);
        metrics.StorageBackoffs.Add(1);
        logger.LogWarning("Grain state could not be written ({Failures} checkpoints in a row); consumption holds and the checkpoint is retried in {RetryMs:F0} ms ({Why})",
            storageBackoff.Failures, retryIn.TotalMilliseconds, trigger);
    }

    private async Task<FlushOutcome> FlushTouchedGrainsAsync(string trigger, TimeSpan? limit)
    {
        var started = Stopwatch.GetTimestamp();
        var flushes = uncommitted.Checkpoints.TouchedGrains.Select(key => (Key: key, Task: GrainKeys.Flush(grains, key))).ToList();
        metrics.CheckpointGrains.Record(flushes.Count);
        if (limit is { } within && !await AllDoneWithinAsync(flushes.Select(f => (Task)f.Task), within))
        {
            logger.LogWarning("Flushes of {Grains} grains did not finish within {Ms:F0} ms; not committing ({Why})", flushes.Count, within.TotalMilliseconds, trigger);
            return FlushOutcome.FlushFailed;
        }


        foreach (var (key, task) in flushes)
        {
            FlushResult result;
            try
            {
                result = await task;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Flush of {Grain} failed; not committing ({Why})", key, trigger);
                return FlushOutcome.FlushFailed;
            }

            if (!uncommitted.Checkpoints.Covers(key, result.Durable))
            {
                logger.LogWarning("Grain {Grain} lost applied state before its flush; rewinding", key);
                return FlushOutcome.LostState;
            }
        }

        // Awaited in order, so this is when the slowest grain's state became durable.
        metrics.CheckpointFlushDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return FlushOutcome.Durable;
    }

    private static async Task<bool> AllDoneWithinAsync(IEnumerable<Task> tasks, TimeSpan limit)
    {
        var all = Task.WhenAll(tasks);
        return await Task.WhenAny(all, Task.Delay(limit)) == all;
    }

    private async Task<bool> DeadLettersDeliveredAsync()
    {
        try
        {
            await uncommitted.WaitForDeadLettersAsync();
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A dead letter was not acknowledged; rewinding so it is produced again");
            return false;
        }
    }

    private async Task PublishPopularityAsync()
    {
        var (global, byCategory) = uncommitted.Popularity.Take();
        if (global.Length == 0)
        {
            return;
        }

        try
        {
            var updates = new List<Task> { grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).UpdateAsync(global) };
            foreach (var (category, entries) in byCategory)
            {
                updates.Add(grains.GetGrain<IPopularityGrain>(PopularityKeys.Category(category)).UpdateAsync(entries));
            }

            await Task.WhenAll(updates);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Popularity update failed; the next checkpoint sends newer values");
        }
    }

    /// <summary>Users active since the last checkpoint, to their activity shards (the index batch runs read). Best effort,
    /// like popularity: a lost update costs a user's place in the next run until their next interaction.</summary>
    private async Task PublishActivityAsync()
    {
        if (uncommitted.Activity.IsEmpty)
        {
            return;
        }

        try
        {
            await Task.WhenAll(uncommitted.Activity.Take().Select(shard => grains.GetGrain<IUserActivityShardGrain>(shard.Key).RecordAsync(shard.Value)));
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Activity update failed; those users count as active again with their next interaction");
        }
    }

    /// <summary>Outcomes go to their monitors before the offsets of their events are committed: once committed, those
    /// events are never replayed, so an outcome not delivered by then would be lost. A failed delivery keeps the outcomes
    /// and the offsets pending (the next checkpoint tries again); a monitor that already took some counts them once.</summary>
    private async Task<bool> OutcomesDeliveredAsync(string trigger)
    {
        if (uncommitted.Outcomes.IsEmpty)
        {
            return true;
        }

        foreach (var (model, outcomes) in uncommitted.Outcomes.Pending())
        {
            try
            {
                await grains.GetGrain<IModelMonitorGrain>(model).RecordOutcomesAsync(outcomes);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outcomes for {Model} were not delivered; not committing ({Why})", model, trigger);
                return false;
            }
        }

        uncommitted.Outcomes.Delivered();
        return true;
    }
}
