namespace OrleansRecsys.Api;

/// <summary>
/// What <see cref="AdmissionQueueRule"/> tells a request that finds every slot taken: wait for at most
/// <see cref="Allowance"/>, or be refused now for <see cref="Refusal"/> (one of the <c>Refused…</c> reasons, the
/// <c>reason</c> label of <c>recsys_admission_shed_total</c>).
/// </summary>
internal readonly record struct AdmissionVerdict(TimeSpan Allowance, string? Refusal)
{
    /// <summary>The queue holds <c>QueueLimit</c> requests: a bound on memory, not on time.</summary>
    public const string RefusedQueueFull = "queue_full";

    /// <summary>The request would wait, or has waited, longer than the queue's time allowance.</summary>
    public const string RefusedQueueTime = "queue_time";

    public bool Waits => Refusal is null;

    public static AdmissionVerdict Wait(TimeSpan allowance) => new(allowance, null);

    public static AdmissionVerdict Refuse(string reason) => new(TimeSpan.Zero, reason);
}
