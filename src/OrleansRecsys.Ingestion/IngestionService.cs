using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansRecsys.Features;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// One consumer-group member per silo for <c>recsys.interactions</c> and <c>recsys.items</c>.
/// Batches are validated, grouped per grain and applied; rejects go to the dead-letter topic. Offsets are
/// committed only behind durable state (see <see cref="CheckpointTracker"/>); any doubt means a rewind to the
/// committed offsets, which grain watermarks make harmless.
/// </summary>
public sealed class IngestionService(
    KafkaBootstrap bootstrap,
    EventPublisher publisher,
    IGrainFactory grains,
    IServiceProvider services,
    RecsysMetrics metrics,
    IOptions<KafkaOptions> options,
    ILogger<IngestionService> logger) : BackgroundService
{
    private readonly KafkaOptions _options = options.Value;
    private readonly CheckpointTracker _tracker = new();
    private readonly Dictionary<TopicPartition, long> _lag = new();
    private readonly List<Task> _deadLetters = [];
    private IConsumer<string, byte[]>? _consumer;
    private volatile bool _rewindRequested;
    private volatile bool _pauseRequested;
    private bool _paused;
    private bool _rewindPending;
    private string _rewindReason = "";
    private ObservableGauge<long>? _lagGauge;

    public long AppliedTotal;
    public long DuplicatesTotal;

    /// <summary>Stops fetching (the group membership, checkpoints and lag reporting go on) until <see cref="Resume"/>.
    /// The load tool uses it to build a backlog and measure how fast a silo catches up.</summary>
    public void Pause() => _pauseRequested = true;

    public void Resume() => _pauseRequested = false;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ConsumerEnabled)
        {
            return Task.CompletedTask;
        }

        _lagGauge = metrics.RegisterLag(ObserveLag);
        _ = WatchMembershipAsync(stoppingToken);

        // librdkafka calls block, so the loop owns a dedicated thread and waits on grain calls there, keeping
        // the thread pool (which Orleans and Kestrel share) free.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "recsys-ingestion",
        };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken ct)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap.Servers,
            GroupId = _options.GroupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = _options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(100, _options.SessionTimeoutMs / 5),
            FetchWaitMaxMs = 10,
            ClientId = "recsys-" + Environment.ProcessId,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsRevokedHandler((c, revoked) =>
            {
                logger.LogInformation("Partitions revoked: {Partitions}; checkpointing first", string.Join(",", revoked.Select(p => p.TopicPartition)));
                CheckpointAsync(c, "revoke").GetAwaiter().GetResult(); // on the ingestion thread (inside Consume)
                foreach (var p in revoked)
                {
                    _tracker.Forget(p.TopicPartition);
                }
            })
            .SetPartitionsAssignedHandler((_, assigned) =>
                logger.LogInformation("Partitions assigned: {Partitions}", string.Join(",", assigned)))
            .SetErrorHandler((_, e) => logger.LogWarning("Kafka consumer error {Code}: {Reason}", e.Code, e.Reason))
            .Build();
        _consumer = consumer;
        consumer.Subscribe([Topics.Interactions, Topics.Items]);
        var lastCheckpoint = Stopwatch.GetTimestamp();
        var batch = new List<ConsumeResult<string, byte[]>>(_options.MaxBatch);
        var interval = TimeSpan.FromMilliseconds(_options.CheckpointIntervalMs);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_rewindRequested)
                {
                    _rewindRequested = false;
                    Rewind(consumer, "membership");
                }

                // Never consume past a rewind that has not completed: the grains' expectations were already reset.
                if (_rewindPending && !TryRewind(consumer))
                {
                    Thread.Sleep(200);
                    continue;
                }

                if (_pauseRequested)
                {
                    consumer.Pause(consumer.Assignment); // every pass: partitions assigned while paused stay paused
                    _paused = true;
                }
                else if (_paused)
                {
                    consumer.Resume(consumer.Assignment);
                    _paused = false;
                }

                batch.Clear();
                var first = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (first is not null && !first.IsPartitionEOF)
                {
                    batch.Add(first);
                    while (batch.Count < _options.MaxBatch && consumer.Consume(0) is { } next)
                    {
                        if (!next.IsPartitionEOF)
                        {
                            batch.Add(next);
                        }
                    }
                }

                var applyStart = Stopwatch.GetTimestamp();
                if (batch.Count > 0 && !ApplyAsync(batch).GetAwaiter().GetResult())
                {
                    Rewind(consumer, "lost_state");
                    continue;
                }

                var applyMs = Stopwatch.GetElapsedTime(applyStart).TotalMilliseconds;
                if (applyMs > 1000)
                {
                    logger.LogWarning("Slow batch: {Count} messages applied in {Ms:F0} ms", batch.Count, applyMs);
                }

                if (Stopwatch.GetElapsedTime(lastCheckpoint) >= interval && _tracker.HasPending)
                {
                    var checkpointStart = Stopwatch.GetTimestamp();
                    CheckpointAsync(consumer, "interval").GetAwaiter().GetResult();
                    lastCheckpoint = Stopwatch.GetTimestamp();
                    var checkpointMs = Stopwatch.GetElapsedTime(checkpointStart).TotalMilliseconds;
                    if (checkpointMs > 1000)
                    {
                        logger.LogWarning("Slow checkpoint: {Ms:F0} ms", checkpointMs);
                    }
                }

                UpdateLag(consumer);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Nothing stops ingestion: log, go back to the last commit (pending until Kafka lets us), continue.
                logger.LogError(ex, "Ingestion batch failed; rewinding to the committed offsets");
                try
                {
                    Rewind(consumer, "error");
                }
                catch (Exception rewindError)
                {
                    _rewindPending = true;
                    logger.LogWarning(rewindError, "Rewind failed; retrying before consuming");
                }

                Thread.Sleep(200);
            }
        }

        try
        {
            CheckpointAsync(consumer, "shutdown").GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Final checkpoint failed; the next owner replays from the last commit");
        }

        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            logger.LogWarning(ex, "Closing the consumer failed; the group rebalances after the session timeout");
        }

        _consumer = null;
    }

    /// <summary>Applies one consumed batch. Returns false when a grain reports lost state.</summary>
    private async Task<bool> ApplyAsync(List<ConsumeResult<string, byte[]>> batch)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var plan = IngestPlan.Build(batch, nowMs, _tracker);
        foreach (var (msg, reason, detail) in plan.Rejects)
        {
            metrics.EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("topic", msg.Topic));
            _deadLetters.Add(publisher.DeadLetterAsync(msg, reason, detail));
        }

        // Items first (upserts, then interactions: they answer with category and popularity), then users with
        // their events enriched by those categories, all fanned out by the silo-local ingestion worker grain.
        var itemIds = plan.Items.Keys.ToArray();
        var userIds = plan.Users.Keys.ToArray();
        var work = new IngestWork(
            itemIds.Select(id => new EntityBatch(id, new ApplyBatch(plan.Items[id].ToArray(), _tracker.Expected(GrainKeys.Item(id))))).ToArray(),
            userIds.Select(id => new EntityBatch(id, new ApplyBatch(plan.Users[id].ToArray(), _tracker.Expected(GrainKeys.User(id))))).ToArray());
        var outcome = await grains.GetGrain<IIngestionWorkerGrain>(0).ApplyAsync(work);
        var ok = true;
        for (var i = 0; i < itemIds.Length; i++)
        {
            var r = outcome.Items[i];
            ok &= Record(GrainKeys.Item(itemIds[i]), r, plan.Items[itemIds[i]]);
            _tracker.Popularity(itemIds[i], r.Category, r.Popularity, nowMs);
        }

        for (var u = 0; u < userIds.Length; u++)
        {
            ok &= Record(GrainKeys.User(userIds[u]), outcome.Users[u], plan.Users[userIds[u]]);
        }

        if (!ok)
        {
            return false;
        }

        var applyMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var ts in plan.UserEventTimes)
        {
            metrics.Freshness.Record(Math.Max(0, applyMs - ts));
        }

        foreach (var msg in batch)
        {
            _tracker.Consumed(msg.TopicPartition, msg.Offset.Value);
        }

        return true;
    }

    private bool Record(string grainKey, ApplyResult r, List<SourcedEvent> events)
    {
        if (r.LostState)
        {
            return false;
        }

        _tracker.Applied(grainKey, events);
        foreach (var attributed in r.Attributed ?? [])
        {
            _tracker.Outcome(attributed);
        }

        Interlocked.Add(ref AppliedTotal, r.Applied);
        metrics.EventsApplied.Add(r.Applied);
        if (r.Duplicates > 0)
        {
            Interlocked.Add(ref DuplicatesTotal, r.Duplicates);
            metrics.EventsDuplicate.Add(r.Duplicates);
        }

        return true;
    }

    /// <summary>Flushes touched grains (durable storage only), waits for dead letters, then commits.</summary>
    private async Task CheckpointAsync(IConsumer<string, byte[]> consumer, string why)
    {
        if (!_tracker.HasPending)
        {
            return;
        }

        if (_options.DurableState)
        {
            var flushes = new List<(string Key, Task<FlushResult> Task)>();
            foreach (var key in _tracker.TouchedGrains)
            {
                flushes.Add((key, GrainKeys.Flush(grains, key)));
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
                    logger.LogWarning(ex, "Flush of {Grain} failed; not committing ({Why})", key, why);
                    return;
                }

                if (!_tracker.Covers(key, result.Durable))
                {
                    logger.LogWarning("Grain {Grain} lost applied state before its flush; rewinding", key);
                    Rewind(consumer, "lost_state");
                    return;
                }
            }
        }

        try
        {
            await Task.WhenAll(_deadLetters);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A dead letter was not acknowledged; rewinding so it is produced again");
            _deadLetters.Clear();
            Rewind(consumer, "dead_letter");
            return;
        }

        _deadLetters.Clear();
        var offsets = _tracker.CommitOffsets(consumer.Assignment);
        if (offsets.Count > 0)
        {
            consumer.Commit(offsets);
        }

        await PublishPopularityAsync();
        await PublishOutcomesAsync();
        _tracker.Committed();
        metrics.Checkpoints.Add(1, new KeyValuePair<string, object?>("why", why));
    }

    private async Task PublishPopularityAsync()
    {
        var (global, byCategory) = _tracker.TakePopularity();
        if (global.Length == 0)
        {
            return;
        }

        try
        {
            var tasks = new List<Task> { grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).UpdateAsync(global) };
            foreach (var (category, entries) in byCategory)
            {
                tasks.Add(grains.GetGrain<IPopularityGrain>(PopularityKeys.Category(category)).UpdateAsync(entries));
            }

            await Task.WhenAll(tasks);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Popularity update failed; the next checkpoint sends newer values");
        }
    }

    private async Task PublishOutcomesAsync()
    {
        foreach (var (model, outcomes) in _tracker.TakeOutcomes())
        {
            try
            {
                await grains.GetGrain<IModelMonitorGrain>(model).RecordOutcomesAsync(outcomes);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Outcome attribution for {Model} failed", model);
            }
        }
    }

    /// <summary>Asks for a rewind to the committed offsets; it happens before anything else is consumed.</summary>
    private void Rewind(IConsumer<string, byte[]> consumer, string reason)
    {
        metrics.Rewinds.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _tracker.Reset();
        _deadLetters.Clear();
        _rewindPending = true;
        _rewindReason = reason;
        TryRewind(consumer);
    }

    /// <summary>Seeks every owned partition to its committed offset. Kafka errors keep the rewind pending (retried
    /// before the next consume); a partition not fetching yet starts at its committed offset anyway.</summary>
    private bool TryRewind(IConsumer<string, byte[]> consumer)
    {
        try
        {
            var assignment = consumer.Assignment;
            if (assignment.Count > 0)
            {
                var committed = consumer.Committed(assignment, TimeSpan.FromSeconds(10));
                foreach (var tpo in committed)
                {
                    try
                    {
                        consumer.Seek(new TopicPartitionOffset(tpo.TopicPartition, tpo.Offset == Offset.Unset ? Offset.Beginning : tpo.Offset));
                    }
                    catch (KafkaException e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_State)
                    {
                        // Assigned but not fetching yet: it will start from the committed offset.
                    }
                }

                logger.LogInformation("Rewound {Count} partitions to their committed offsets ({Reason})", committed.Count, _rewindReason);
            }

            _tracker.Reset();
            _rewindPending = false;
            return true;
        }
        catch (KafkaException ex)
        {
            logger.LogWarning(ex, "Rewind failed; retrying before consuming anything else");
            return false;
        }
    }

    private async Task WatchMembershipAsync(CancellationToken ct)
    {
        var membership = services.GetService(typeof(IClusterMembershipService)) as IClusterMembershipService;
        if (membership is null)
        {
            return;
        }

        // Silos already dead when this one starts are history, not a reason to rewind.
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Where(m => m.Value.Status == SiloStatus.Dead).Select(m => m.Key));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(ct))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && dead.Add(silo))
                    {
                        logger.LogWarning("Silo {Silo} died; rewinding to the committed offsets", silo);
                        _rewindRequested = true;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void UpdateLag(IConsumer<string, byte[]> consumer)
    {
        lock (_lag)
        {
            _lag.Clear();
            foreach (var tp in consumer.Assignment)
            {
                var w = consumer.GetWatermarkOffsets(tp);
                var pos = consumer.Position(tp);
                if (w.High != Offset.Unset && pos != Offset.Unset)
                {
                    _lag[tp] = Math.Max(0, w.High.Value - pos.Value);
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        lock (_lag)
        {
            return _lag.Select(kv => new Measurement<long>(kv.Value,
                new KeyValuePair<string, object?>("topic", kv.Key.Topic),
                new KeyValuePair<string, object?>("partition", kv.Key.Partition.Value))).ToArray();
        }
    }
}
