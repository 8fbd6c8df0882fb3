using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Grains;

/// <summary>Options under <c>Recsys:Grid</c>.</summary>
public sealed class GridOptions
{
    public const string Section = "Recsys:Grid";

    /// <summary>Whether grain storage is durable. With volatile (memory) storage, feature grains skip writes entirely.</summary>
    public bool DurableState { get; set; }

    /// <summary>Path of the feature catalogue; it must exist at start.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":CatalogPath is required.")]
    public string CatalogPath { get; set; } = "silo-config/features.json";

    /// <summary>Directory of the content-addressed model store.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":ModelStoreDirectory is required.")]
    public string ModelStoreDirectory { get; set; } = ".recsys/model-store";

    /// <summary>How stale the per-silo item feature replica may be.</summary>
    [Range(0, 60_000, ErrorMessage = Section + ":ItemCacheMaxStalenessMs must be between {1} and {2}.")]
    public int ItemCacheMaxStalenessMs { get; set; } = 1000;

    /// <summary>How many items the per-silo replica holds; past it, one rarely read entry is evicted per new one (CLOCK).</summary>
    [Range(1000, 10_000_000, ErrorMessage = Section + ":ItemCacheCapacity must be between {1} and {2}.")]
    public int ItemCacheCapacity { get; set; } = 200_000;

    /// <summary>How many distinct ids (items, categories, labels) the silo's shared id pool holds; past it, ids not seen for
    /// a while are evicted (CLOCK) to make room.</summary>
    [Range(1000, 100_000_000, ErrorMessage = Section + ":IdPoolCapacity must be between {1} and {2}.")]
    public int IdPoolCapacity { get; set; } = 1_000_000;

    /// <summary>How long a silo remembers that a model name was never registered, so a caller's typo costs the
    /// coordinator and the registry one lookup per name per silo in this time, not one per request. A model registered
    /// meanwhile starts serving in a silo that remembered its name as unknown once this time has passed.</summary>
    [Range(0, 600_000, ErrorMessage = Section + ":UnknownModelCacheMs must be between {1} and {2}.")]
    public int UnknownModelCacheMs { get; set; } = 5000;

    /// <summary>How many unknown model names a silo remembers at most (evicted by CLOCK), so made-up names cannot grow memory.</summary>
    [Range(1, 1_000_000, ErrorMessage = Section + ":UnknownModelCacheCapacity must be between {1} and {2}.")]
    public int UnknownModelCacheCapacity { get; set; } = 10_000;

    /// <summary>Default whole-request deadline for rank and recommend.</summary>
    [Range(1, 10_000, ErrorMessage = Section + ":DeadlineMs must be between {1} and {2}.")]
    public int DeadlineMs { get; set; } = 50;

    /// <summary>
    /// Longest one ONNX run may take before it is stopped and counted as the version's error (0: never stopped). A
    /// caller stops waiting at its deadline, but the run goes on holding a core; a version that runs for seconds would
    /// otherwise slow every request on the silo long after its circuit opened. Keep it above the longest deadline
    /// your callers use with a model that is merely slow.
    /// </summary>
    [Range(0, 60_000, ErrorMessage = Section + ":ScoringRunLimitMs must be between {1} and {2}.")]
    public int ScoringRunLimitMs { get; set; } = 250;

    /// <summary>
    /// How many runs of one model version may be in flight at once in one silo, the way an inference server's instance
    /// count bounds a model (0, the default: the silo's core count). Past it a request waits for an instance in a queue
    /// bounded by its deadline: one whose deadline passes there is never run and counts as the version's timeout. A slow
    /// or stuck version then holds at most this many cores however many requests reach it. Micro-batching's merged runs
    /// count as one run each.
    /// </summary>
    [Range(0, 1024, ErrorMessage = Section + ":ModelInstances must be between {1} and {2}.")]
    public int ModelInstances { get; set; }

    /// <summary><see cref="ModelInstances"/>, with 0 read as the core count.</summary>
    internal int ModelInstancesOrCores => ModelInstances > 0 ? ModelInstances : Environment.ProcessorCount;

    /// <summary>How often each silo pulls rollout plans as a safety net behind pushes.</summary>
    [Range(100, 60_000, ErrorMessage = Section + ":PlanRefreshMs must be between {1} and {2}.")]
    public int PlanRefreshMs { get; set; } = 1000;

    /// <summary>How often each silo pulls the grid's feature catalogue version (a reload reaches every silo within it) and
    /// reports the version it serves.</summary>
    [Range(100, 60_000, ErrorMessage = Section + ":CatalogRefreshMs must be between {1} and {2}.")]
    public int CatalogRefreshMs { get; set; } = 1000;

    /// <summary>
    /// Micro-batching: concurrent score calls for one version in one silo that arrive within this many microseconds
    /// share one ONNX run. 0 (the default) turns it off: on 2 cores it costs more than it saves (docs/benchmarks.md).
    /// </summary>
    [Range(0, 10_000, ErrorMessage = Section + ":MicroBatchWaitUs must be between {1} and {2}.")]
    public int MicroBatchWaitUs { get; set; }

    /// <summary>How often each silo unloads sessions of retired versions.</summary>
    [Range(1, 3600, ErrorMessage = Section + ":RetiredSweepSeconds must be between {1} and {2}.")]
    public int RetiredSweepSeconds { get; set; } = 5;

    /// <summary>With durable storage, how often each popularity list is written (and once more on deactivation): what a
    /// silo's death can cost is the updates of this many seconds, not the list.</summary>
    [Range(1, 3600, ErrorMessage = Section + ":PopularityFlushSeconds must be between {1} and {2}.")]
    public int PopularityFlushSeconds { get; set; } = 5;

    /// <summary>Share of scored requests whose inputs and scores are binned for drift (0..1).</summary>
    [Range(0.0, 1.0, ErrorMessage = Section + ":DriftSampleRate must be between {1} and {2}.")]
    public double DriftSampleRate { get; set; } = 0.2;

    /// <summary>How much recent traffic drift describes: the report's PSI and the <c>recsys_drift_psi</c> gauge compare the
    /// inputs and scores of the last this many seconds with the training reference (to within a thirtieth of it).</summary>
    [Range(10, 86_400, ErrorMessage = Section + ":DriftWindowSeconds must be between {1} and {2}.")]
    public int DriftWindowSeconds { get; set; } = 300;

    /// <summary>Share of scored requests whose feature ages feed <c>recsys_feature_staleness_seconds</c> (0..1).</summary>
    [Range(0.0, 1.0, ErrorMessage = Section + ":StalenessSampleRate must be between {1} and {2}.")]
    public double StalenessSampleRate { get; set; } = 0.01;

    /// <summary>Share of ranked responses written to the prediction log (0..1).</summary>
    [Range(0.0, 1.0, ErrorMessage = Section + ":PredictionSampleRate must be between {1} and {2}.")]
    public double PredictionSampleRate { get; set; } = 1.0;

    /// <summary>Share of logged responses that also carry their scored feature vectors (the rows training data is
    /// exported from). Vectors are ~10 KB of JSON per 100-candidate response, most of the log's cost on the silo.</summary>
    [Range(0.0, 1.0, ErrorMessage = Section + ":PredictionVectorSampleRate must be between {1} and {2}.")]
    public double PredictionVectorSampleRate { get; set; } = 0.1;

    /// <summary>
    /// How far back in event time each user remembers the ids of its applied events: an event re-sent within it counts
    /// once. An event older than this behind the user's newest event cannot be checked and goes to the dead-letter topic.
    /// </summary>
    [Range(1, 24 * 30, ErrorMessage = Section + ":DeduplicationHorizonHours must be between {1} and {2}.")]
    public int DeduplicationHorizonHours { get; set; } = 24;

    /// <summary>At most this many remembered event ids per user (24 bytes each); past it the oldest go first and the
    /// user's horizon shortens accordingly (older events are then refused, never counted twice).</summary>
    [Range(16, 10_000_000, ErrorMessage = Section + ":DeduplicationMaxEventsPerUser must be between {1} and {2}.")]
    public int DeduplicationMaxEventsPerUser { get; set; } = 100_000;

    /// <summary>
    /// The secret request ids are signed with (HMAC-SHA256): <c>base64:</c> and base64, or UTF-8 text; at least 32 bytes,
    /// the same on every silo of a cluster. Required by the cluster profile; without it a silo of the local profile
    /// uses <see cref="RequestIdKeyFile"/>, or else a key of its own per run. Never logged.
    /// </summary>
    public string? RequestIdKey { get; set; }

    /// <summary>Development only: a file holding the request id key (base64), created owner-only with a random key when
    /// missing, so several local silos on one machine share a key. The cluster profile does not read it.</summary>
    public string? RequestIdKeyFile { get; set; }

    /// <summary>Bounded queue of shadow scoring work per silo; overflow is dropped and counted.</summary>
    [Range(1, 1_000_000, ErrorMessage = Section + ":ShadowQueueCapacity must be between {1} and {2}.")]
    public int ShadowQueueCapacity { get; set; } = 1024;
}
