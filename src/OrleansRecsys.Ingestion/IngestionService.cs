using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Catalog;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// One consumer-group member per silo for <c>recsys.interactions</c> and <c>recsys.items</c>. Each round polls a
/// batch, plans it (validated, grouped per grain), applies it, and checkpoints when the interval is due; rejects go
/// to the dead-letter topic. Offsets are committed only behind durable state (see <see cref="Checkpointer"/>); any
/// doubt means a rewind to the committed offsets, which grain watermarks make harmless. The consumer joins the group only
/// after this silo's first catalogue refresh (<see cref="CatalogSync"/>), so no event is applied under an older catalogue
/// than the grid's.
/// </summary>
public sealed class IngestionService : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SlowBatch = TimeSpan.FromSeconds(1);

    private readonly KafkaBootstrap _bootstrap;
    private readonly RecsysMetrics _metrics;
    private readonly KafkaOptions _options;
    private readonly ILogger<IngestionService> _logger;
    private readonly CatalogSync _catalogSync;
    private readonly UncommittedWork _uncommitted;
    private readonly ConsumerLag _lag = new();
    private readonly SourceEpochs _epochs;
    private readonly PlanApplier _applier;
    private readonly Checkpointer _checkpointer;
    private readonly OffsetCommitter _committer;
    private readonly PartitionRewinder _rewinder;
    private readonly PartitionRevocation _revocation;
    private readonly SiloDeathWatcher _siloDeaths;
    private readonly StorageBackoff _storageBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), Random.Shared);
    private readonly List<ConsumeResult<string, byte[]>> _batch;
    private readonly CheckpointSchedule _schedule;
    private volatile bool _pauseRequested;
    private volatile bool _assignedOnce;
    private bool _paused;
    private long _lastCheckpoint;
    private ObservableGauge<long>? _lagGauge;

    public IngestionService(
        KafkaBootstrap bootstrap,
        EventPublisher publisher,
        IGrainFactory grains,
        CatalogSync catalogSync,
        IServiceProvider services,
        RecsysMetrics metrics,
        RequestIdSigner requestIds,
        IOptions<KafkaOptions> options,
        ILogger<IngestionService> logger)
    {
        _uncommitted = new UncommittedWork(new OutcomeTally(requestIds, metrics));
        _bootstrap = bootstrap;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _catalogSync = catalogSync;
        _epochs = new SourceEpochs(grains, metrics, logger);
        _applier = new PlanApplier(grains, publisher, metrics, _uncommitted, _epochs.Names, new CategoryWatch(grains, metrics, logger));
        _committer = new OffsetCommitter(metrics, logger);
        _checkpointer = new Checkpointer(grains, metrics, _uncommitted, _options.DurableState, _epochs, _storageBackoff, _committer, logger);
        _rewinder = new PartitionRewinder(metrics, _uncommitted, logger);
        _revocation = new PartitionRevocation(_uncommitted, _epochs.Names, consumer => Checkpoint(consumer, CheckpointTriggers.Revoke), logger);
        _siloDeaths = new SiloDeathWatcher(services, logger);
        _batch = new List<ConsumeResult<string, byte[]>>(_options.MaxBatch);
        _schedule = new CheckpointSchedule(TimeSpan.FromMilliseconds(_options.CheckpointIntervalMs), _options.CheckpointMaxGrains, _options.MaxBatch);
    }

    /// <summary>Whether the consumer group has given this silo its share of the partitions (possibly none, when the group
    /// has more members than partitions) at least once since start: the end of the first rebalance that included it.</summary>
    internal bool AssignedOnce => _assignedOnce;

    /// <summary>Stops fetching (the group membership, checkpoints and lag reporting go on) until <see cref="Resume"/>.
    /// The load tool uses it to build a backlog and measure how fast a silo catches up.</summary>
    internal void Pause() => _pauseRequested = true;

    internal void Resume() => _pauseRequested = false;

    /// <summary>
    /// The first step of a stop, before any hosted service's own stop (the web server draining its requests, then
    /// Orleans): the consumer checkpoints and leaves the group, so the other silos' rebalance starts at once and the
    /// partitions' next owners resume from this silo's last commit while it is still shutting the rest down.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => base.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ConsumerEnabled)
        {
            return Task.CompletedTask;
        }

        _lagGauge = _metrics.RegisterLag(_lag.Observe);
        _ = _siloDeaths.WatchAsync(stoppingToken);
        return RunOnOwnThread(stoppingToken);
    }

    /// <summary>librdkafka calls block, so the loop owns a dedicated thread and waits on grain calls there, keeping
    /// the thread pool (which Orleans and Kestrel share) free.</summary>
    private Task RunOnOwnThread(CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(ct);
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
        if (!WaitForCatalogSync(ct))
        {
            return;
        }

        using var consumer = BuildConsumer();
        consumer.Subscribe([Topics.Interactions, Topics.Items]);
        _lastCheckpoint = Stopwatch.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                RunRound(consumer);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                RecoverFromFailedRound(consumer, ex);
            }
        }

        ShutDown(consumer);
    }

    /// <summary>Blocks this thread until the silo's first catalogue refresh; false when the host stops first. Events
    /// applied under the file's older catalogue would miss the newer version's features, and a backfill planned before
    /// this silo joined may end below them.</summary>
    private bool WaitForCatalogSync(CancellationToken ct)
    {
        if (_catalogSync.Refreshed)
        {
            return true;
        }

        _logger.LogInformation("Consumer group {GroupId}: joining after this silo's first feature catalogue refresh", _options.GroupId);
        try
        {
            _catalogSync.FirstRefresh.Wait(ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One round: poll, plan, apply, checkpoint when due.</summary>
    private void RunRound(IConsumer<string, byte[]> consumer)
    {
        if (!ReadyToConsume(consumer))
        {
            Thread.Sleep(RetryPause);
            return;
        }

        var batch = Poll(consumer);
        if (batch.Count > 0 && !Apply(batch))
        {
            _rewinder.Rewind(consumer, RewindReasons.LostState);
            return;
        }

        CheckpointIfDue(consumer);
        _lag.Update(consumer);
    }

    /// <summary>Handles a silo death and a pending rewind first (never consume past a rewind that has not completed),
    /// then honours a pause request.</summary>
    private bool ReadyToConsume(IConsumer<string, byte[]> consumer)
    {
        if (_siloDeaths.TakeDeath())
        {
            _rewinder.Rewind(consumer, RewindReasons.Membership);
        }

        if (_rewinder.IsPending && !_rewinder.TryComplete(consumer))
        {
            return false;
        }

        if (_pauseRequested || _storageBackoff.Holding)
        {
            consumer.Pause(consumer.Assignment); // every round: partitions assigned while paused stay paused
            _paused = true;
        }
        else if (_paused)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }

        return true;
    }

    /// <summary>Waits briefly for a first message, then takes only what is already fetched, up to the round limit (the
    /// batch limit, or less when the next checkpoint's size limit is near).</summary>
    private List<ConsumeResult<string, byte[]>> Poll(IConsumer<string, byte[]> consumer)
    {
        _batch.Clear();
        var limit = _schedule.RoundLimit(_uncommitted.Checkpoints.TouchedGrainCount);
        var first = consumer.Consume(TimeSpan.FromMilliseconds(50));
        if (first is null || first.IsPartitionEOF)
        {
            return _batch;
        }

        _batch.Add(first);
        while (_batch.Count < limit && consumer.Consume(0) is { } next)
        {
            if (!next.IsPartitionEOF)
            {
                _batch.Add(next);
            }
        }

        return _batch;
    }

    /// <summary>Plans and applies a batch; false when a grain reports lost state.</summary>
    private bool Apply(List<ConsumeResult<string, byte[]>> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var plan = IngestPlan.Build(batch, nowMs, _epochs.Names);
        if (!_applier.ApplyAsync(plan, batch, nowMs).GetAwaiter().GetResult())
        {
            return false;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowBatch)
        {
            _logger.LogWarning("Slow batch: {Count} messages applied in {Ms:F0} ms", batch.Count, elapsed.TotalMilliseconds);
        }

        return true;
    }

    /// <summary>Settles the checkpoint in flight once its grains answered, and begins the next once the interval has
    /// passed or enough grains were touched (<see cref="CheckpointSchedule"/>); while storage is failing, when the
    /// backoff allows instead. Applies go on while a checkpoint's writes are in flight, up to the size limit: a round
    /// that fills the next checkpoint waits for the one in flight, so one checkpoint is in flight at a time.</summary>
    private void CheckpointIfDue(IConsumer<string, byte[]> consumer)
    {
        if (_checkpointer.IsInFlight)
        {
            if (!_checkpointer.IsReadyToSettle && !_schedule.Full(_uncommitted.Checkpoints.TouchedGrainCount))
            {
                return;
            }

            Settle(consumer);
        }

        if (!_uncommitted.Checkpoints.HasPending)
        {
            _storageBackoff.Release(); // a rewind dropped what was held: nothing is waiting for storage
            return;
        }

        var trigger = _storageBackoff.Holding
            ? _storageBackoff.AttemptDue(Environment.TickCount64) ? CheckpointTriggers.Interval : null
            : _schedule.Due(Stopwatch.GetElapsedTime(_lastCheckpoint), _uncommitted.Checkpoints.TouchedGrainCount);
        if (trigger is null)
        {
            return;
        }

        _lastCheckpoint = Stopwatch.GetTimestamp();
        _checkpointer.Begin(trigger);
        if (_checkpointer.IsReadyToSettle)
        {
            Settle(consumer); // nothing to wait for (volatile storage)
        }
    }

    private void Settle(IConsumer<string, byte[]> consumer)
    {
        if (_checkpointer.SettleAsync(consumer).GetAwaiter().GetResult() is { } rewindReason)
        {
            _rewinder.Rewind(consumer, rewindReason);
        }
    }

    /// <summary>Runs on the ingestion thread (also from the revoke handler, inside Consume).</summary>
    private void Checkpoint(IConsumer<string, byte[]> consumer, string trigger, TimeSpan? flushLimit = null)
    {
        if (_checkpointer.CheckpointAsync(consumer, trigger, flushLimit).GetAwaiter().GetResult() is { } rewindReason)
        {
            _rewinder.Rewind(consumer, rewindReason);
        }
    }

    /// <summary>Nothing stops ingestion: log, go back to the last commit (pending until Kafka lets us), continue.</summary>
    private void RecoverFromFailedRound(IConsumer<string, byte[]> consumer, Exception error)
    {
        _logger.LogError(error, "Ingestion batch failed; rewinding to the committed offsets");
        try
        {
            _rewinder.Rewind(consumer, RewindReasons.Error);
        }
        catch (Exception rewindError)
        {
            _logger.LogWarning(rewindError, "Rewind failed; retrying before consuming");
        }

        Thread.Sleep(RetryPause);
    }

    private IConsumer<string, byte[]> BuildConsumer() =>
        new ConsumerBuilder<string, byte[]>(IngestionConsumerConfig.For(_bootstrap.Clients, _options))
            .SetPartitionsRevokedHandler((consumer, revoked) => _revocation.Handle(consumer, revoked))
            .SetPartitionsAssignedHandler((consumer, assigned) => OnPartitionsAssigned(consumer, assigned))
            .SetOffsetsCommittedHandler((_, committed) => _committer.Committed(committed))
            .SetErrorHandler((_, e) => _logger.LogWarning("Kafka consumer error {Code}: {Reason}", e.Code, e.Reason))
            .Build();

    /// <summary>Learns each new partition's offset epoch before anything is consumed from it. With cooperative rebalancing
    /// this runs at the end of every rebalance, with an empty list when this silo gains nothing.</summary>
    private void OnPartitionsAssigned(IConsumer<string, byte[]> consumer, List<TopicPartition> assigned)
    {
        _logger.LogInformation("Partitions assigned: {Partitions}", string.Join(",", assigned));
        _epochs.ObserveAsync(consumer, assigned).GetAwaiter().GetResult();
        _assignedOnce = true;
    }

    private void ShutDown(IConsumer<string, byte[]> consumer)
    {
        try
        {
            Checkpoint(consumer, CheckpointTriggers.Shutdown, TimeSpan.FromMilliseconds(_options.FinalCheckpointTimeoutMs));
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Final checkpoint failed; the next owner replays from the last commit");
        }

        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning(ex, "Closing the consumer failed; the group rebalances after the session timeout");
        }
    }
}
