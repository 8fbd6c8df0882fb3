namespace OrleansRecsys.Features;

/// <summary>
/// The exactly-once-effect rule for one grain: events at or below the grain's watermark for their source are
/// duplicates; a batch whose <see cref="ApplyBatch.Expected"/> offsets are above the watermark reveals lost
/// state and is refused whole.
/// </summary>
public static class BatchApplier
{
    public readonly record struct Outcome(int Applied, int Duplicates, bool LostState);

    public static Outcome Apply(EntityState state, ApplyBatch batch, Action<EntityState, SourcedEvent> apply)
    {
        foreach (var (source, expected) in batch.Expected)
        {
            if (!state.Watermarks.TryGetValue(source, out var w) || w < expected)
            {
                return new Outcome(0, 0, true);
            }
        }

        int applied = 0, dups = 0;
        foreach (var e in batch.Events)
        {
            if (state.Watermarks.TryGetValue(e.Source, out var w) && e.Offset <= w)
            {
                dups++;
                continue;
            }

            apply(state, e);
            state.Watermarks[e.Source] = e.Offset;
            applied++;
        }

        return new Outcome(applied, dups, false);
    }
}
