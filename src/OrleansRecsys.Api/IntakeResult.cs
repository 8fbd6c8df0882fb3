namespace OrleansRecsys.Api;

/// <summary>
/// What an <see cref="IEventIntake"/> did with a batch: the positions (in the list it was given) of the events it could
/// not get durably accepted, and why. Every other event was accepted.
/// </summary>
public sealed record IntakeResult(IReadOnlyList<int> Failed, string? FailureReason)
{
    public static IntakeResult Success { get; } = new([], null);

    public bool Published => Failed.Count == 0;

    public static IntakeResult Unavailable(IReadOnlyList<int> failed, string reason) => new(failed, reason);
}
