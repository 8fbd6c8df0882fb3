namespace OrleansRecsys.Features;

/// <summary>
/// The exactly-once-effect rule for one grain: events at or below the grain's watermark for their source are
/// duplicates; a batch whose <see cref="ApplyBatch.Expected"/> offsets are above the watermark reveals lost
/// state and is refused whole. Interactions are also de-duplicated by event id over the grain's last
/// <see cref="EventIdWindow"/> events, so an event produced twice (at two offsets) counts once.
/// </summary>
public static class BatchApplier
{
    public const int EventIdWindow = 32;

    /// <param name="Advanced">Events that moved a watermark (applied, or skipped as a repeated event id): the state changed
    /// and must be written before the offsets it covers are committed.</param>
    public readonly record struct Outcome(int Applied, int Duplicates, bool LostState, int Advanced = 0);

    public static Outcome Apply(EntityState state, ApplyBatch batch, Action<EntityState, SourcedEvent> apply)
    {
        foreach (var (source, expected) in batch.Expected)
        {
            if (!state.TryGetWatermark(source, out var w) || w < expected)
            {
                return new Outcome(0, 0, true, 0);
            }
        }

        int applied = 0, dups = 0, advanced = 0;
        foreach (var e in batch.Events)
        {
            var known = state.TryGetWatermark(e.Source, out var w);
            if (known && e.Offset <= w)
            {
                dups++;
                continue;
            }

            state.SetWatermark(known ? e.Source : IdPool.Intern(e.Source), e.Offset);
            advanced++;
            if (e.Interaction is { } i && !RememberEventId(state, i.EventId))
            {
                dups++;
                continue;
            }

            apply(state, e);
            applied++;
        }

        return new Outcome(applied, dups, false, advanced);
    }

    /// <summary>Records an event id; false if it is among the recent ones already.</summary>
    public static bool RememberEventId(EntityState state, string eventId)
    {
        var hash = Fnv1a64(eventId);
        var ring = state.RecentEventIds ??= new ulong[EventIdWindow];
        foreach (var h in ring)
        {
            if (h == hash)
            {
                return false;
            }
        }

        ring[state.RecentEventIdsNext] = hash;
        state.RecentEventIdsNext = (state.RecentEventIdsNext + 1) % ring.Length;
        return true;
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes (unlike string.GetHashCode); 0 is reserved for empty slots.</summary>
    public static ulong Fnv1a64(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h == 0 ? 1 : h;
    }
}
