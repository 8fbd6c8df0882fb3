using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// The exactly-once-effect rule for one grain: events at or below the grain's watermark for their source are
/// duplicates; a batch whose <see cref="ApplyBatch.Expected"/> offsets are above the watermark reveals lost
/// state and is refused whole. Interactions are also de-duplicated by event id over the grain's last
/// <see cref="EventIdWindow"/> events, so an event produced twice (at two offsets) counts once.
/// </summary>
public static class BatchApplier
{
    internal const int EventIdWindow = 32;

    /// <param name="Advanced">Events that moved a watermark (applied, or skipped as a repeated event id): the state changed
    /// and must be written before the offsets it covers are committed.</param>
    public readonly record struct Outcome(int Applied, int Duplicates, bool LostState, int Advanced = 0);

    public static Outcome Apply(EntityState state, ApplyBatch batch, Action<EntityState, SourcedEvent> apply)
    {
        if (!CoversExpectedOffsets(state, batch))
        {
            return new Outcome(0, 0, true, 0);
        }

        int applied = 0, duplicates = 0, advanced = 0;
        foreach (var sourced in batch.Events)
        {
            var known = state.TryGetWatermark(sourced.Source, out var watermark);
            if (known && sourced.Offset <= watermark)
            {
                duplicates++;
                continue;
            }

            state.SetWatermark(known ? sourced.Source : IdPool.Intern(sourced.Source), sourced.Offset);
            advanced++;
            if (sourced.Interaction is { } interaction && !RememberEventId(state, interaction.EventId))
            {
                duplicates++;
                continue;
            }

            apply(state, sourced);
            applied++;
        }

        return new Outcome(applied, duplicates, false, advanced);
    }

    /// <summary>Whether the state has applied at least the offsets the consumer knows it applied; if not, it lost state.</summary>
    private static bool CoversExpectedOffsets(EntityState state, ApplyBatch batch)
    {
        foreach (var (source, expected) in batch.Expected)
        {
            if (!state.TryGetWatermark(source, out var watermark) || watermark < expected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records an event id; false if it is among the recent ones already.</summary>
    internal static bool RememberEventId(EntityState state, string eventId)
    {
        var hash = Fnv1a64(eventId);
        var ring = state.RecentEventIds ??= new ulong[EventIdWindow];
        foreach (var remembered in ring)
        {
            if (remembered == hash)
            {
                return false;
            }
        }

        ring[state.RecentEventIdsNext] = hash;
        state.RecentEventIdsNext = (state.RecentEventIdsNext + 1) % ring.Length;
        return true;
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes (unlike string.GetHashCode); 0 is reserved for empty slots.</summary>
    internal static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }
}
