using System.Diagnostics.Metrics;

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

    // Histogram buckets are set by the exporter's views (the API's metrics registration), from these lists.

    /// <summary>Bucket boundaries of <c>recsys_rank_duration_seconds</c>: 100 µs to 250 ms, around the 50 ms budget of a rank.</summary>
    public static readonly IReadOnlyList<double> RankDurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

    /// <summary>Bucket boundaries of <c>recsys_ingest_freshness_seconds</c>: 5 ms (keeping up) to 10 s (catching up after a pause).</summary>
    public static readonly IReadOnlyList<double> FreshnessBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter = new(MeterName);

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
        CommitsDeferred = _meter.CreateCounter<long>("recsys_ingest_commits_deferred", "{commit}", "Offset commits refused during a group rebalance, retried at the next checkpoint");
        OffsetEpochs = _meter.CreateCounter<long>("recsys_ingest_offset_epochs", "{epoch}", "Partitions whose offsets restarted (topic recreated, new cluster): a new offset epoch");
        RolloutChanges = _meter.CreateCounter<long>("recsys_rollout_changes", "{change}", "Rollout plan changes, by action");
        AutoRollbacks = _meter.CreateCounter<long>("recsys_rollout_auto_rollbacks", "{rollback}", "Canaries rolled back by a guardrail");
        ModelsLoaded = _meter.CreateUpDownCounter<long>("recsys_model_sessions", "{session}", "ONNX sessions loaded in this silo");
        PredictionsLogged = _meter.CreateCounter<long>("recsys_predictions_logged", "{record}", "Prediction log records produced");
        PredictionsDropped = _meter.CreateCounter<long>("recsys_predictions_dropped", "{record}", "Prediction log records dropped (queue full or Kafka refused)");
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
    public Counter<long> OffsetEpochs { get; }
    public Counter<long> RolloutChanges { get; }
    public Counter<long> AutoRollbacks { get; }
    public UpDownCounter<long> ModelsLoaded { get; }
    public Counter<long> PredictionsLogged { get; }
    public Counter<long> PredictionsDropped { get; }

    /// <summary>Consumer lag per partition, set by ingestion.</summary>
    public ObservableGauge<long> RegisterLag(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableGauge("recsys_ingest_consumer_lag", observe, "{message}", "Messages between the committed offset and the partition end");

    /// <summary>PSI of live inputs against the manifest's reference, per model, version and feature (this silo's traffic).</summary>
    public ObservableGauge<double> RegisterDrift(Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge("recsys_drift_psi", observe, null, "Population stability index of a model input on live traffic");

    public void Dispose() => _meter.Dispose();
}
