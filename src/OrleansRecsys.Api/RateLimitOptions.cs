using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Api;

/// <summary>
/// Options under <c>Recsys:RateLimits</c>: what one process (a silo or a gateway) admits per route group, whoever the
/// callers are, and how many <c>/v1</c> requests it works on at once. They sit on top of the per-caller token bucket
/// (<see cref="AuthOptions.RateLimitPerSecond"/>): that one stops a single noisy caller, these protect the process from
/// many callers together. Each group is a token bucket refilled every second with a burst of the same size.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Recsys:RateLimits";

    /// <summary>POST /v1/rank requests per second.</summary>
    [Range(1, 10_000_000, ErrorMessage = Section + ":RankPerSecond must be between {1} and {2}.")]
    public int RankPerSecond { get; set; } = 50_000;

    /// <summary>POST /v1/recommend requests per second (each gathers candidates from popularity grains first).</summary>
    [Range(1, 10_000_000, ErrorMessage = Section + ":RecommendPerSecond must be between {1} and {2}.")]
    public int RecommendPerSecond { get; set; } = 20_000;

    /// <summary>POST /v1/events and /v1/items requests per second (each carries up to 10,000 entries).</summary>
    [Range(1, 10_000_000, ErrorMessage = Section + ":IngestPerSecond must be between {1} and {2}.")]
    public int IngestPerSecond { get; set; } = 2_000;

    /// <summary>Requests per second to the admin routes (register, retire, rollout changes).</summary>
    [Range(1, 10_000_000, ErrorMessage = Section + ":AdminPerSecond must be between {1} and {2}.")]
    public int AdminPerSecond { get; set; } = 100;

    /// <summary>Requests per second to the read routes (features, vectors, models, plans, reports).</summary>
    [Range(1, 10_000_000, ErrorMessage = Section + ":ReadPerSecond must be between {1} and {2}.")]
    public int ReadPerSecond { get; set; } = 20_000;

    /// <summary><c>/v1</c> requests worked on at once; past it (and a full queue), a request is refused with 503.</summary>
    [Range(1, 1_000_000, ErrorMessage = Section + ":MaxConcurrentRequests must be between {1} and {2}.")]
    public int MaxConcurrentRequests { get; set; } = 2_048;

    /// <summary>Requests that may wait for a concurrency slot (oldest first) before new ones are refused; 0 refuses at once.</summary>
    [Range(0, 1_000_000, ErrorMessage = Section + ":ConcurrencyQueueLimit must be between {1} and {2}.")]
    public int ConcurrencyQueueLimit { get; set; }
}
