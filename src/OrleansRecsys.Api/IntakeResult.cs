namespace OrleansRecsys.Api;

/// <summary>Whether an <see cref="IEventIntake"/> accepted a batch; when not, why (for the 503 answer).</summary>
public sealed record IntakeResult(bool Published, string? FailureReason)
{
    public static IntakeResult Success { get; } = new(true, null);

    public static IntakeResult Unavailable(string reason) => new(false, reason);
}
