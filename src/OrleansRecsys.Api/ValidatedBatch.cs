namespace OrleansRecsys.Api;

/// <summary>An ingest batch after validation: the events to publish, the rejected entries, and where each entry went,
/// so the answer can give every entry's outcome once the intake has spoken.</summary>
internal sealed class ValidatedBatch(int entries)
{
    private readonly List<(string? Id, int ValidIndex, Rejection? Rejection)> _entries = new(entries);

    public List<ValidatedEvent> Valid { get; } = new(entries);

    public List<Rejection> Rejected { get; } = [];

    public void Add((string? Key, string? Reason, string? Detail) parsed, byte[] bytes, string? id)
    {
        if (parsed.Key is null)
        {
            var rejection = new Rejection(_entries.Count, parsed.Reason!, parsed.Detail!);
            Rejected.Add(rejection);
            _entries.Add((id, -1, rejection));
            return;
        }

        _entries.Add((id, Valid.Count, null));
        Valid.Add(new ValidatedEvent(parsed.Key, bytes));
    }

    /// <summary>Every entry's outcome in batch order, given what the intake could not publish.</summary>
    public EntryOutcome[] Outcomes(IntakeResult result)
    {
        var failed = result.Failed.ToHashSet();
        var outcomes = new EntryOutcome[_entries.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var (id, validIndex, rejection) = _entries[i];
            outcomes[i] = rejection is not null
                ? new EntryOutcome(i, id, EntryOutcome.Rejected, rejection.Reason, rejection.Detail)
                : failed.Contains(validIndex)
                    ? new EntryOutcome(i, id, EntryOutcome.Failed, "unavailable", result.FailureReason)
                    : new EntryOutcome(i, id, EntryOutcome.Accepted);
        }

        return outcomes;
    }
}
