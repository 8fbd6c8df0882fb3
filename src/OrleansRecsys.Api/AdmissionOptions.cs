using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Api;

/// <summary>
/// Options under <c>Recsys:Admission</c>: how many rank and recommend requests one process (a silo or a gateway) works on
/// at once, and how long one may wait for a turn (<see cref="AdmissionQueueRule"/>). Past that, a request is shed with 503
/// and <c>Retry-After</c> instead of queueing into every caller's deadline. Health, metrics, admin, ingest and read routes are not counted, so
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

    /// <summary>Requests that may wait (oldest first) for a slot at most; a full queue sheds new ones. A bound on memory:
    /// the time a request may wait is bounded by the timeouts below.</summary>
    [Range(0, 1_000_000, ErrorMessage = Section + ":QueueLimit must be between {1} and {2}.")]
    public int QueueLimit { get; set; } = 1024;

    /// <summary>The longest a request waits for a slot while the queue empties now and then (a burst); then it is shed.
    /// Keep it well under the serving deadline (<c>Recsys:Grid:DeadlineMs</c>): time spent here is not scored.</summary>
    [Range(1, 60_000, ErrorMessage = Section + ":QueueTimeoutMs must be between {1} and {2}.")]
    public int QueueTimeoutMs { get; set; } = 20;

    /// <summary>The longest a request waits once the queue is standing (not empty for <see cref="StandingQueueIntervalMs"/>):
    /// more arrives than is served, so a request that cannot be served at once soon is better refused. 0 sheds at once.</summary>
    [Range(0, 60_000, ErrorMessage = Section + ":StandingQueueTimeoutMs must be between {1} and {2}.")]
    public int StandingQueueTimeoutMs { get; set; } = 5;

    /// <summary>How long the queue must hold requests without a break to count as standing.</summary>
    [Range(1, 60_000, ErrorMessage = Section + ":StandingQueueIntervalMs must be between {1} and {2}.")]
    public int StandingQueueIntervalMs { get; set; } = 100;

    /// <summary>The <c>Retry-After</c> seconds a shed request is given.</summary>
    [Range(1, 3600, ErrorMessage = Section + ":RetryAfterSeconds must be between {1} and {2}.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
