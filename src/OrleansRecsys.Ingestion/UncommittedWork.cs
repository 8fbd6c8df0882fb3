namespace OrleansRecsys.Ingestion;

/// <summary>What the consumer did since its last commit: the offsets and grains a commit must cover, the dead letters
/// it must wait for, the outcomes it must deliver first, and the popularity and activity updates sent along with it.</summary>
internal sealed class UncommittedWork(OutcomeTally outcomes)
{
    private readonly List<Task> _deadLetters = [];

    public CheckpointTracker Checkpoints { get; } = new();

    public PendingPopularity Popularity { get; } = new();

    public PendingActivity Activity { get; } = new();

    public OutcomeTally Outcomes { get; } = outcomes;

    public void AddDeadLetter(Task delivery) => _deadLetters.Add(delivery);

    /// <summary>Waits until Kafka acknowledged every dead letter; they are forgotten either way.</summary>
    public async Task WaitForDeadLettersAsync()
    {
        try
        {
            await Task.WhenAll(_deadLetters);
        }
        finally
        {
            _deadLetters.Clear();
        }
    }

    /// <summary>Drops what a rewind replays (the offsets, applied grains and dead letters). Popularity and activity values stay and go
    /// out with the next commit; so do the outcomes held, which the replay reports again under the same source offsets
    /// (held once, counted once by the monitor).</summary>
    public void Discard()
    {
        Checkpoints.Reset();
        _deadLetters.Clear();
    }
}
