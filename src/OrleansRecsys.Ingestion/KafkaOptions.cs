using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Ingestion;

/// <summary>Options under <c>Recsys:Kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Recsys:Kafka";

    /// <summary>Bootstrap servers; empty starts librdkafka's in-process mock cluster (embedded default and tests).</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>librdkafka settings added to every client the grid creates (consumer, producer, readiness probe):
    /// <c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c> and tuning. Secret values are never logged. Keys the grid
    /// sets itself (group, commits, acks, idempotence) are refused; see <c>KafkaProperties</c>.</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    [Required]
    public string GroupId { get; set; } = "recsys-ingestion";

    /// <summary>How often touched grains are flushed and offsets committed behind them.</summary>
    [Range(10, 60_000)]
    public int CheckpointIntervalMs { get; set; } = 1000;

    /// <summary>Most messages taken for one apply round. Rounds take only what is already fetched, so batches stay
    /// small (fresh) under light load and grow under heavy load, where more events per grain call pay: 20,000 over
    /// 5,000 took a silo from ~90k to ~100k events/s sustained (100k/s offered: freshness p99 170-390 ms; at
    /// 20k/s it stays ~30 ms).</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 20_000;

    /// <summary>A checkpoint is also due once this many grains were touched since the last one began, before the interval
    /// elapsed, and a round takes no more messages than are left of it: a checkpoint's flush time grows with its grains.
    /// Consumption goes on while a checkpoint's writes are in flight until this many grains are touched again, then
    /// waits for it. Lower it where storage writes fewer rows per second.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Recsys:Kafka:CheckpointMaxGrains must be 100..1000000")]
    public int CheckpointMaxGrains { get; set; } = 20_000;

    /// <summary>How long a stopping silo's last checkpoint waits for its grains' writes; after it nothing is committed
    /// and the partitions' next owner replays from the last commit (so a storage outage cannot hold up the exit).</summary>
    [Range(100, 60_000, ErrorMessage = "Recsys:Kafka:FinalCheckpointTimeoutMs must be 100..60000")]
    public int FinalCheckpointTimeoutMs { get; set; } = 3000;


    /// <summary>How long the group waits for a silent consumer (a killed silo) before moving its partitions. Failover
    /// after kill -9 takes about this plus the rebalance; librdkafka's mock broker also holds every rebalance, a graceful
    /// leave included, for this minus one second (the cluster profile's 2 s make that 1 s). Heartbeats run on
    /// librdkafka's own thread, so garbage collections and long checkpoints do not stop them; a stalled process or
    /// network does. A Kafka broker refuses a session under its <c>group.min.session.timeout.ms</c> (6 s unless
    /// set).</summary>
    [Range(1000, 300_000, ErrorMessage = "Recsys:Kafka:SessionTimeoutMs must be 1000..300000")]
    public int SessionTimeoutMs { get; set; } = 3000;

    /// <summary>How often the consumer heartbeats; it learns of a rebalance (a member gone or joined) at its next
    /// heartbeat. At most a third of <see cref="SessionTimeoutMs"/>.</summary>
    [Range(100, 100_000, ErrorMessage = "Recsys:Kafka:HeartbeatIntervalMs must be 100..100000")]
    public int HeartbeatIntervalMs { get; set; } = 500;

    /// <summary>Longest gap between two polls before the consumer leaves the group itself: it bounds how long an apply
    /// round or checkpoint may block (a silo whose grain calls hang gives its partitions up). At least
    /// <see cref="SessionTimeoutMs"/>.</summary>
    [Range(1000, 3_600_000, ErrorMessage = "Recsys:Kafka:MaxPollIntervalMs must be 1000..3600000")]
    public int MaxPollIntervalMs { get; set; } = 300_000;

    /// <summary>Whether this process consumes (a gateway only produces).</summary>
    public bool ConsumerEnabled { get; set; } = true;

    /// <summary>Whether grain state is durable (PostgreSQL); with volatile storage, flush calls are skipped.</summary>
    public bool DurableState { get; set; }
}
