namespace OrleansRecsys.Ingestion;

/// <summary>What the consumer did since its last commit: the offsets and grains a commit must cover, the dead letters
/// it must wait for, and the popularity and outcome updates sent along with it.</summary>
internal sealed class UncommittedWork(OutcomeTally outcomes)
{
    private readonly List<Task> _deadLetters = [];

    public CheckpointTracker Checkpoints { get; } = new();

    public PendingPopularity Popularity { get; } = new();

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

    /// <summary>Drops what a rewind replays (the offsets, applied grains and dead letters); popularity and outcomes
    /// already sent to grains stay counted and go out with the next commit (the tally counts each outcome event once,
    /// however often a replay applies it).</summary>
    public void Discard()
    {
        Checkpoints.Reset();
        _deadLetters.Clear();
    }
}
