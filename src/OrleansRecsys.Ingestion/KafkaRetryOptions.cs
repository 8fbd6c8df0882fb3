using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Options under <c>Recsys:Kafka:Retry</c>: how the grid retries a Kafka produce or offset commit that failed for a
/// transient reason (the producer's local queue full, a broker or coordinator briefly unavailable, a request timed out).
/// Each retry waits an exponentially growing delay with jitter, from <see cref="BaseDelayMs"/> up to
/// <see cref="MaxDelayMs"/>; after <see cref="MaxRetries"/> the error surfaces as before (an HTTP 503 for ingest, a
/// rewind for a dead letter, a dropped prediction record, a commit left to the next checkpoint) and is counted.
/// </summary>
public sealed class KafkaRetryOptions
{
    public const string Section = KafkaOptions.Section + ":Retry";

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    [Range(0, 100, ErrorMessage = Section + ":MaxRetries must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay (before jitter); each further retry doubles it.</summary>
    [Range(1, 60_000, ErrorMessage = Section + ":BaseDelayMs must be between {1} and {2}.")]
    public int BaseDelayMs { get; set; } = 50;

    /// <summary>The longest delay between two attempts.</summary>
    [Range(1, 600_000, ErrorMessage = Section + ":MaxDelayMs must be between {1} and {2}.")]
    public int MaxDelayMs { get; set; } = 1000;
}
