using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Api;

/// <summary>
/// Options under <c>Recsys:Admission</c>: how many rank and recommend requests one process (a silo or a gateway) works on
/// at once, and how many may wait for a turn. Past both, a new request is shed at once with 503 and <c>Retry-After</c>
/// instead of queueing into every caller's deadline. Health, metrics, admin, ingest and read routes are not counted, so
/// operators can still roll a model back while serving is saturated.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Recsys:Admission";

    /// <summary>Off: rank and recommend are limited only by the rate limits of <see cref="RateLimitOptions"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rank and recommend requests worked on at once. About what the process's cores can score concurrently;
    /// more only lengthens every request (docs/operations.md explains how to size it from the overload benchmark).</summary>
    [Range(1, 100_000, ErrorMessage = Section + ":MaxConcurrentRequests must be between {1} and {2}.")]
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Requests that may wait (oldest first) for a slot; a full queue sheds new ones. The wait is bounded by
    /// this length over <see cref="MaxConcurrentRequests"/> times a request's service time.</summary>
    [Range(0, 1_000_000, ErrorMessage = Section + ":QueueLimit must be between {1} and {2}.")]
    public int QueueLimit { get; set; } = 64;

    /// <summary>The <c>Retry-After</c> seconds a shed request is given.</summary>
    [Range(1, 3600, ErrorMessage = Section + ":RetryAfterSeconds must be between {1} and {2}.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
