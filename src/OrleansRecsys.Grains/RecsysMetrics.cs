using System.Diagnostics.Metrics;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains;

/// <summary>The grid's instruments (meter <c>OrleansRecsys</c>), exported to Prometheus with a recsys_ prefix.
/// Labels are low-cardinality: model, version, variant, reason, topic; never user or item ids. Durations are in
/// seconds (Prometheus' base unit), so the exporter names them <c>*_seconds</c>.</summary>
public sealed class RecsysMetrics : IDisposable
{
    public const string MeterName = "OrleansRecsys";

    /// <summary>The rank latency histogram's instrument name (exported as <c>recsys_rank_duration_seconds</c>).</summary>
    public const string RankDurationName = "recsys_rank_duration";

    /// <summary>The freshness histogram's instrument name (exported as <c>recsys_ingest_freshness_seconds</c>).</summary>
    public const string FreshnessName = "recsys_ingest_freshness";

    /// <summary>The checkpoint duration histogram's instrument name (exported as <c>recsys_ingest_checkpoint_duration_seconds</c>).</summary>
    public const string CheckpointDurationName = "recsys_ingest_checkpoint_duration";

    /// <summary>Rows per batched grain-state write statement (exported as <c>recsys_storage_write_statement_rows</c>).</summary>
    public const string StateWriteStatementRowsName = "recsys_storage_write_statement_rows";

    /// <summary>Time of one batched grain-state write statement, from taking a connection to its last row
    /// (exported as <c>recsys_storage_write_statement_duration_seconds</c>).</summary>
    public const string StateWriteStatementDurationName = "recsys_storage_write_statement_duration";

    /// <summary>Time a checkpoint waited for its grains' flushes, the slowest included (exported as
    /// <c>recsys_ingest_checkpoint_flush_duration_seconds</c>).</summary>
    public const string CheckpointFlushDurationName = "recsys_ingest_checkpoint_flush_duration";

    /// <summary>Grains one checkpoint flushed (exported as <c>recsys_ingest_checkpoint_grains</c>).</summary>
    public const string CheckpointGrainsName = "recsys_ingest_checkpoint_grains";

    /// <summary>The batch run duration histogram's instrument name (exported as <c>recsys_batch_run_duration_seconds</c>).</summary>
    public const string BatchRunDurationName = "recsys_batch_run_duration";

    /// <summary>The feature staleness histogram's instrument name (exported as <c>recsys_feature_staleness_seconds</c>).</summary>
    public const string FeatureStalenessName = "recsys_feature_staleness";

    // Histogram buckets are set by the exporter's views (the API's metrics registration), from these lists.

    /// <summary>Bucket boundaries of <c>recsys_rank_duration_seconds</c>: 100 µs to 250 ms, around the 50 ms budget of a rank.</summary>
    public static readonly IReadOnlyList<double> RankDurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

    /// <summary>Bucket boundaries of <c>recsys_ingest_freshness_seconds</c>: 5 ms (keeping up) to 10 s (catching up after a pause).</summary>
    public static readonly IReadOnlyList<double> FreshnessBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Bucket boundaries of <c>recsys_feature_staleness_seconds</c>: a second to 30 days, the range of catalogue TTLs.</summary>
    public static readonly IReadOnlyList<double> FeatureStalenessBuckets = [1, 10, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400];

    /// <summary>Bucket boundaries of <c>recsys_batch_run_duration_seconds</c>: a second (a few users) to a day (millions).</summary>
    public static readonly IReadOnlyList<double> BatchRunDurationBuckets = [1, 5, 15, 60, 300, 900, 1800, 3600, 2 * 3600, 6 * 3600, 86400];

    private readonly Meter _meter = new(MeterName);
    private readonly BatchRunRecords _batchRuns = new();
    private readonly long[] _unattributed = new long[UnattributedReasons.All.Length];

    public RecsysMetrics()
    {
        RankRequests = _meter.CreateCounter<long>("recsys_rank_requests", "{request}", "Rank and recommend requests served");
        RankLatency = _meter.CreateHistogram<double>(RankDurationName, "s", "Rank latency inside the grid");
        Fallbacks = _meter.CreateCounter<long>("recsys_rank_fallbacks", "{request}", "Requests answered by the popularity baseline, by reason");
        CallerFallbacks = _meter.CreateCounter<long>("recsys_rank_caller_fallbacks", "{request}",
            "Rank and recommend answers the HTTP API gave from its own popularity snapshot (the grid did not answer in time, or a silo was unavailable), by reason");
        Scores = _meter.CreateCounter<long>("recsys_scores", "{score}", "Candidate scores computed");
        ShadowScored = _meter.CreateCounter<long>("recsys_shadow_scored", "{request}", "Shadow scorings done");
        ShadowDropped = _meter.CreateCounter<long>("recsys_shadow_dropped", "{request}", "Shadow scorings dropped under overload");
        EventsApplied = _meter.CreateCounter<long>("recsys_ingest_applied", "{event}", "Events applied to grain state");
        EventsDuplicate = _meter.CreateCounter<long>("recsys_ingest_duplicates", "{event}", "Replayed events skipped by watermark");
        EventsRejected = _meter.CreateCounter<long>("recsys_ingest_rejected", "{event}", "Events sent to the dead-letter topic, by reason");
        Freshness = _meter.CreateHistogram<double>(FreshnessName, "s", "Event time to applied state");
        Checkpoints = _meter.CreateCounter<long>("recsys_ingest_checkpoints", "{checkpoint}", "Offset commits after durable flushes");
        Rewinds = _meter.CreateCounter<long>("recsys_ingest_rewinds", "{rewind}", "Seeks back to committed offsets, by reason");
        StorageBackoffs = _meter.CreateCounter<long>("recsys_ingest_storage_backoffs", "{checkpoint}", "Checkpoints whose grain writes failed: consumption holds and the checkpoint is retried with backoff");
        CommitsDeferred = _meter.CreateCounter<long>("recsys_ingest_commits_deferred", "{commit}", "Offset commits refused (sent again with the next one) and offsets a checkpoint could not store for commit (kept for the next checkpoint)");
        OffsetEpochs = _meter.CreateCounter<long>("recsys_ingest_offset_epochs", "{epoch}", "Partitions whose offsets restarted (topic recreated, new cluster): a new offset epoch");
        CheckpointDuration = _meter.CreateHistogram<double>(CheckpointDurationName, "s", "Checkpoint duration: flushing touched grains, then committing offsets");
        StateWriteStatementRows = _meter.CreateHistogram<int>(StateWriteStatementRowsName, "{row}", "Grain states written by one batched PostgreSQL statement");
        StateWriteStatementDuration = _meter.CreateHistogram<double>(StateWriteStatementDurationName, "s", "Duration of one batched PostgreSQL grain-state write statement, connection included");
        CheckpointFlushDuration = _meter.CreateHistogram<double>(CheckpointFlushDurationName, "s", "Checkpoint time spent until every touched grain's state was durable");
        CheckpointGrains = _meter.CreateHistogram<int>(CheckpointGrainsName, "{grain}", "Grains a checkpoint flushed");
        RolloutChanges = _meter.CreateCounter<long>("recsys_rollout_changes", "{change}", "Rollout plan changes, by action");
        AutoRollbacks = _meter.CreateCounter<long>("recsys_rollout_auto_rollbacks", "{rollback}", "Canaries rolled back by a guardrail");
        ModelsLoaded = _meter.CreateUpDownCounter<long>("recsys_model_sessions", "{session}", "ONNX sessions loaded in this silo");
        PredictionsLogged = _meter.CreateCounter<long>("recsys_predictions_logged", "{record}", "Prediction log records produced");
        PredictionsDropped = _meter.CreateCounter<long>("recsys_predictions_dropped", "{record}", "Prediction log records dropped (queue full or Kafka refused)");
        ModelLookups = _meter.CreateCounter<long>("recsys_model_lookups", "{lookup}",
            "Rollout plan lookups a silo sent to a model's coordinator for a model it held no plan for, by result (servable, not_servable, unknown)");
        ModelCircuitTransitions = _meter.CreateCounter<long>("recsys_model_circuit_transitions", "{transition}",
            "Changes of a model version's circuit breaker in this silo, by the state entered (open, half_open, closed)");
        KafkaRetries = _meter.CreateCounter<long>("recsys_kafka_retries", "{retry}", "Kafka produces and offset commits tried again after a transient error, by operation");
        KafkaRetriesExhausted = _meter.CreateCounter<long>("recsys_kafka_retries_exhausted", "{operation}",
            "Kafka produces and offset commits that still failed after their retries, by operation");
        AdmissionShed = _meter.CreateCounter<long>("recsys_admission_shed", "{request}",
            "Rank and recommend requests refused with 503 by admission control, by route and reason (queue_full: the queue held its limit; queue_time: a turn would have come, or came, too late)");
        FeatureStaleness = _meter.CreateHistogram<double>(FeatureStalenessName, "s", "Age of feature values at read (since their last change), by feature, on a sample of model inputs");
        FeatureFallbacks = _meter.CreateCounter<long>("recsys_feature_fallbacks", "{value}",
            "Model input values served as the fallback because they were expired or missing, by feature and status");
        BatchUsers = _meter.CreateCounter<long>("recsys_batch_users", "{user}",
            "Users batch runs precomputed in this silo, by model and outcome (done, failed); its rate is the users per second precomputed");
        BatchRunDuration = _meter.CreateHistogram<double>(BatchRunDurationName, "s", "Duration of finished batch runs, from start to the last work item, by model");
        _meter.CreateObservableGauge("recsys_batch_last_success_timestamp", _batchRuns.ObserveLastSuccess, "s",
            "When the model's last completed batch run finished (Unix time), as known to the silo its coordinator runs in; take max() across silos");
        _meter.CreateObservableGauge("recsys_batch_last_run_users_per_second", _batchRuns.ObserveUsersPerSecond, null,
            "Users per second of the model's last completed batch run (users done over its duration)");
        DataQualityValues = _meter.CreateCounter<long>("recsys_data_quality_values", "{value}",
            "Model input values served with a data-quality problem, by model, feature and kind (expired, missing: served as the default; non_finite: replaced; out_of_range: outside the training range)");
        DataQualityRows = _meter.CreateCounter<long>("recsys_data_quality_rows", "{row}",
            "Input rows built for a model (each input is served one value per row): the denominator of the data-quality rates");
        SchemaChanges = _meter.CreateCounter<long>("recsys_data_quality_schema_changes", "{event}",
            "Consumed events that carry what the schema does not know (unknown_field, unknown_event_type) or a category never seen before (new_category), by kind and topic");
        _meter.CreateObservableCounter("recsys_id_pool_evictions", () => IdPool.Evictions, "{id}", "Ids the silo's shared id pool evicted to make room");
        // Observed rather than added to, so every reason is exported from start at 0 (a counter appears only after
        // its first measurement, which an absent() or rate() alert would misread).
        _meter.CreateObservableCounter("recsys_outcomes_unattributed", ObserveUnattributed, "{event}",
            "Outcome events not attributed to a model version (the request id is malformed, unversioned, forged, or names an unregistered version), by reason");
    }

    public Counter<long> RankRequests { get; }
    public Histogram<double> RankLatency { get; }
    public Counter<long> Fallbacks { get; }
    public Counter<long> CallerFallbacks { get; }
    public Counter<long> Scores { get; }
    public Counter<long> ShadowScored { get; }
    public Counter<long> ShadowDropped { get; }
    public Counter<long> EventsApplied { get; }
    public Counter<long> EventsDuplicate { get; }
    public Counter<long> EventsRejected { get; }
    public Histogram<double> Freshness { get; }
    public Counter<long> Checkpoints { get; }
    public Counter<long> Rewinds { get; }
    public Counter<long> CommitsDeferred { get; }
    public Counter<long> StorageBackoffs { get; }
    public Counter<long> OffsetEpochs { get; }
    public Histogram<double> CheckpointDuration { get; }
    public Histogram<int> StateWriteStatementRows { get; }
    public Histogram<double> StateWriteStatementDuration { get; }
    public Histogram<double> CheckpointFlushDuration { get; }
    public Histogram<int> CheckpointGrains { get; }
    public Counter<long> RolloutChanges { get; }
    public Counter<long> AutoRollbacks { get; }
    public UpDownCounter<long> ModelsLoaded { get; }
    public Counter<long> PredictionsLogged { get; }
    public Counter<long> PredictionsDropped { get; }
    public Counter<long> ModelLookups { get; }
    public Counter<long> ModelCircuitTransitions { get; }
    public Counter<long> AdmissionShed { get; }
    public Counter<long> KafkaRetries { get; }
    public Counter<long> KafkaRetriesExhausted { get; }
    public Counter<long> BatchUsers { get; }
    public Histogram<double> BatchRunDuration { get; }

    /// <summary>Records a completed batch run of <paramref name="model"/>: the last-success and last-run-rate gauges.</summary>
    public void BatchRunCompleted(string model, DateTimeOffset startedAt, DateTimeOffset finishedAt, long usersDone) =>
        _batchRuns.Completed(model, startedAt, finishedAt, usersDone);

    /// <summary>The admission limit's occupancy: serving requests in progress and waiting for a slot.</summary>
    public void RegisterAdmission(Func<long> inFlight, Func<long> queued)
    {
        _meter.CreateObservableGauge("recsys_admission_in_flight", inFlight, "{request}", "Rank and recommend requests being served under the admission limit");
        _meter.CreateObservableGauge("recsys_admission_queued", queued, "{request}", "Rank and recommend requests waiting for an admission slot");
    }
    public Histogram<double> FeatureStaleness { get; }
    public Counter<long> FeatureFallbacks { get; }
    public Counter<long> DataQualityValues { get; }
    public Counter<long> DataQualityRows { get; }
    public Counter<long> SchemaChanges { get; }

    /// <summary>The item replica's evictions and size, read from the replica.</summary>
    public void RegisterItemCache(Func<long> evictions, Func<int> entries)
    {
        _meter.CreateObservableCounter("recsys_item_cache_evictions", evictions, "{entry}", "Items the silo's item replica evicted to make room");
        _meter.CreateObservableGauge("recsys_item_cache_entries", entries, "{entry}", "Items held in the silo's item replica");
    }

    /// <summary>Counts <paramref name="count"/> outcome events not attributed, for one of <see cref="UnattributedReasons.All"/>.</summary>
    public void OutcomesUnattributed(string reason, long count = 1) =>
        Interlocked.Add(ref _unattributed[Array.IndexOf(UnattributedReasons.All, reason)], count);

    private IEnumerable<Measurement<long>> ObserveUnattributed()
    {
        for (var i = 0; i < _unattributed.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _unattributed[i]), new KeyValuePair<string, object?>("reason", UnattributedReasons.All[i]));
        }
    }

    /// <summary>Each model version's circuit state in this silo: 0 closed, 1 open, 2 half-open.</summary>
    public ObservableGauge<int> RegisterModelCircuits(Func<IEnumerable<Measurement<int>>> observe) =>
        _meter.CreateObservableGauge("recsys_model_circuit_state", observe, null,
            "Circuit breaker state of a model version in this silo: 0 closed, 1 open (requests fall back with circuit_open), 2 half-open (one probe)");

    /// <summary>Consumer lag per partition, set by ingestion.</summary>
    public ObservableGauge<long> RegisterLag(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableGauge("recsys_ingest_consumer_lag", observe, "{message}", "Messages between the committed offset and the partition end");

    /// <summary>PSI of live inputs against the manifest's reference, per model, version and feature (this silo's traffic).</summary>
    public ObservableGauge<double> RegisterDrift(Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge("recsys_drift_psi", observe, null, "Population stability index of a model input on live traffic");

    public void Dispose() => _meter.Dispose();
}
