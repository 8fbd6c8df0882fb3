using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Commits offsets only behind durable state, without stopping consumption for the writes: a checkpoint seals what
/// was applied since the last one (<see cref="CheckpointTracker.Seal"/>) and asks its grains to flush; each grain writes
/// a snapshot taken in that turn and goes on applying to its live state, and so does the consumer. Once every flush is
/// durable and covers the sealed scope, the checkpoint settles: it waits for the dead letters, delivers the attributed
/// outcomes, stores the sealed offsets, then sends the popularity and user activity updates gathered meanwhile.
/// One checkpoint is in flight at a time; one that fails puts its scope back into the open one, so the next covers both.
/// "Stores" means handing the offsets to librdkafka's background commit (<see cref="OffsetCommitter"/>), so the
/// consumer loop never waits for the broker.
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
    private static readonly TimeSpan SlowCheckpoint = TimeSpan.FromSeconds(1);

    private InFlight? _inFlight;

    private enum FlushOutcome
    {
        Durable,
        FlushFailed,
        LostState,
    }

    /// <summary>Whether a checkpoint's flushes were started and it has not settled yet.</summary>
    public bool IsInFlight => Current is not null;

    /// <summary>Whether the checkpoint in flight has heard from all its grains, so settling it does not wait.</summary>
    public bool IsReadyToSettle => Current?.Flush.IsCompleted == true;

    /// <summary>The checkpoint in flight; one a rewind dropped (its scope reset) is forgotten, its flushes left to finish
    /// unobserved: the replay re-applies what it covered.</summary>
    private InFlight? Current => _inFlight is { } checkpoint && uncommitted.Checkpoints.IsSealed(checkpoint.Scope) ? checkpoint : null;

    /// <summary>Seals what was applied since the last checkpoint and starts its grains' flushes; returns at once.</summary>
    public void Begin(string trigger)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = uncommitted.Checkpoints.Seal();
        var flush = durableState ? FlushTouchedGrainsAsync(scope, trigger) : Task.FromResult(FlushOutcome.Durable);
        _inFlight = new InFlight(trigger, started, scope, flush);
    }

    /// <summary>Waits for the checkpoint in flight and commits behind it. Returns the reason to rewind to the committed
    /// offsets, or null when the commit happened or can simply wait for the next checkpoint. With
    /// <paramref name="flushLimit"/>, flushes still running after it count as failed: nothing is committed (the final
    /// checkpoint of a stopping silo must not wait on a storage that is down; the next owner replays from the last commit).</summary>
    public async Task<string?> SettleAsync(IConsumer<string, byte[]> consumer, TimeSpan? flushLimit = null)
    {
        if (Current is not { } checkpoint)
        {
            return null;
        }

        _inFlight = null;
        var flush = await OutcomeWithinAsync(checkpoint, flushLimit);
        if (!uncommitted.Checkpoints.IsSealed(checkpoint.Scope))
        {
            return null; // a rewind (from the revoke handler, say) dropped it while its flushes ran
        }

        var rewind = await CommitBehindAsync(consumer, checkpoint, flush);
        var elapsed = Stopwatch.GetElapsedTime(checkpoint.Started);
        metrics.CheckpointDuration.Record(elapsed.TotalSeconds);
        if (elapsed > SlowCheckpoint)
        {
            logger.LogWarning("Slow checkpoint: {Ms:F0} ms ({Why})", elapsed.TotalMilliseconds, checkpoint.Trigger);
        }

        return rewind;
    }

    /// <summary>Settles the checkpoint in flight, then checkpoints everything applied since and waits for it: for a
    /// revocation and a stop, which must commit all they can before the partitions go. <paramref name="flushLimit"/>
    /// bounds the two together; when the writes in flight fail, no second one is tried.</summary>
    public async Task<string?> CheckpointAsync(IConsumer<string, byte[]> consumer, string trigger, TimeSpan? flushLimit = null)
    {
        var started = Stopwatch.GetTimestamp();
        var failures = storageBackoff.Failures;
        if (await SettleAsync(consumer, flushLimit) is { } rewind)
        {
            return rewind;
        }

        if (!uncommitted.Checkpoints.HasPending || storageBackoff.Failures > failures)
        {
            return null;
        }

        Begin(trigger);
        var left = flushLimit - Stopwatch.GetElapsedTime(started);
        return await SettleAsync(consumer, left < TimeSpan.Zero ? TimeSpan.Zero : left);
    }

    private async Task<FlushOutcome> OutcomeWithinAsync(InFlight checkpoint, TimeSpan? limit)
    {
        if (limit is { } within && await Task.WhenAny(checkpoint.Flush, Task.Delay(within)) != checkpoint.Flush)
        {
            logger.LogWarning("Flushes of {Grains} grains did not finish within {Ms:F0} ms; not committing ({Why})",
                checkpoint.Scope.TouchedGrainCount, within.TotalMilliseconds, checkpoint.Trigger);
            return FlushOutcome.FlushFailed;
        }

        return await checkpoint.Flush;
    }

    /// <summary>The steps after the flushes: a failed flush holds consumption, lost state rewinds, durable state commits.</summary>
    private async Task<string?> CommitBehindAsync(IConsumer<string, byte[]> consumer, InFlight checkpoint, FlushOutcome flush)
    {
        if (flush == FlushOutcome.LostState)
        {
            return RewindReasons.LostState;
        }

        if (flush == FlushOutcome.FlushFailed)
        {
            uncommitted.Checkpoints.Reopen(checkpoint.Scope);
            HoldConsumption(checkpoint.Trigger);
            return null;
        }

        if (durableState)
        {
            storageBackoff.Release();
        }

        if (!await DeadLettersDeliveredAsync())
        {
            return RewindReasons.DeadLetter;
        }

        if (!await OutcomesDeliveredAsync(checkpoint.Trigger) || !await StoreOffsetsAsync(consumer, checkpoint))
        {
            uncommitted.Checkpoints.Reopen(checkpoint.Scope);
            return null;
        }

        await PublishPopularityAsync();
        await PublishActivityAsync();
        uncommitted.Checkpoints.Committed(checkpoint.Scope);
        metrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("why", checkpoint.Trigger));
        return null;
    }

    /// <summary>Stores the sealed scope's offsets for commit; false when librdkafka refused them (kept pending).</summary>
    private async Task<bool> StoreOffsetsAsync(IConsumer<string, byte[]> consumer, InFlight checkpoint)
    {
        var offsets = checkpoint.Scope.CommitOffsets(consumer.Assignment);
        if (offsets.Count == 0)
        {
            return true;
        }

        if (!committer.TryStore(consumer, offsets, checkpoint.Trigger))
        {
            return false;
        }

        await epochs.CommittedAsync(offsets);
        return true;
    }

    /// <summary>Nothing applied since the last commit is durable: stop taking more until storage takes writes again.</summary>
    private void HoldConsumption(string trigger)
    {
        var retryIn = storageBackoff.RecordFailure(Environment.TickCount64);
        metrics.StorageBackoffs.Add(1);
        logger.LogWarning("Grain state could not be written ({Failures} checkpoints in a row); consumption holds and the checkpoint is retried in {RetryMs:F0} ms ({Why})",
            storageBackoff.Failures, retryIn.TotalMilliseconds, trigger);
    }

    /// <summary>Flushes every grain the sealed scope touched and checks that what each made durable covers it. Never
    /// throws: a checkpoint a rewind dropped is awaited by no one.</summary>
    private async Task<FlushOutcome> FlushTouchedGrainsAsync(CheckpointScope scope, string trigger)
    {
        var started = Stopwatch.GetTimestamp();
        var flushes = scope.TouchedGrains.Select(key => (Key: key, Task: GrainKeys.Flush(grains, key))).ToList();
        metrics.CheckpointGrains.Record(flushes.Count);
        var outcome = FlushOutcome.Durable;
        foreach (var (key, task) in flushes)
        {
            FlushResult result;
            try
            {
                result = await task;
            }
            catch (Exception ex)
            {
                if (outcome == FlushOutcome.Durable)
                {
                    logger.LogWarning(ex, "Flush of {Grain} failed; not committing ({Why})", key, trigger);
                    outcome = FlushOutcome.FlushFailed;
                }

                continue;
            }

            if (outcome != FlushOutcome.LostState && !scope.Covers(key, result.Durable))
            {
                logger.LogWarning("Grain {Grain} lost applied state before its flush; rewinding", key);
                outcome = FlushOutcome.LostState;
            }
        }

        // Awaited in order, so this is when the slowest grain's state became durable.
        metrics.CheckpointFlushDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcome;
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

    /// <summary>A checkpoint whose flushes were started: what started it and when, what it covers, and its flushes'
    /// outcome.</summary>
    private sealed record InFlight(string Trigger, long Started, CheckpointScope Scope, Task<FlushOutcome> Flush);
}
