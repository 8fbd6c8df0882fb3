using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// The exactly-once-effect rule for one grain. Events at or below the grain's watermark for their source are replays; a
/// batch whose <see cref="ApplyBatch.Expected"/> offsets are above the watermark reveals lost state and is refused
/// whole. A user grain also de-duplicates interactions by event id within the horizon (<see cref="EventIdLedger"/>),
/// so an event re-sent at any later offset counts once; item grains follow the user side's decision
/// (<see cref="ApplyBatch.Suppressed"/>) instead of keeping ledgers of their own, which popular items could not afford.
/// </summary>
public static class BatchApplier
{
    /// <param name="Advanced">Events that moved a watermark: the state changed and must be written before the offsets
    /// it covers are committed.</param>
    /// <param name="Verdicts">Per event of the batch, what was decided (user grains, which the item side follows).</param>
    public readonly record struct Outcome(int Applied, int Duplicates, bool LostState, int Advanced = 0, EventVerdict[]? Verdicts = null)
    {
        public int OutsideHorizon => Verdicts is null ? 0 : Verdicts.AsSpan().Count(EventVerdict.OutsideHorizon);
    }

    /// <param name="deduplication">Given for user grains: interactions are de-duplicated by event id.</param>
    public static Outcome Apply(EntityState state, ApplyBatch batch, Action<EntityState, SourcedEvent> apply, Deduplication? deduplication = null)
    {
        if (!CoversExpectedOffsets(state, batch))
        {
            return new Outcome(0, 0, true, 0);
        }

        var verdicts = new EventVerdict[batch.Events.Length];
        int applied = 0, duplicates = 0, advanced = 0;
        for (var i = 0; i < verdicts.Length; i++)
        {
            var sourced = batch.Events[i];
            var known = state.TryGetWatermark(sourced.Source, out var watermark);
            var replayed = known && sourced.Offset <= watermark;
            if (!replayed)
            {
                state.SetWatermark(known ? sourced.Source : IdPool.Intern(sourced.Source), sourced.Offset);
                advanced++;
            }

            verdicts[i] = sourced.Interaction is { } interaction && deduplication is { } rule
                ? DecideByEventId(state, sourced, interaction, replayed, rule)
                : DecideByOffset(replayed, batch.Suppressed is { } suppressed && suppressed[i]);
            if (verdicts[i] == EventVerdict.Applied)
            {
                apply(state, sourced);
                applied++;
            }
            else if (verdicts[i] != EventVerdict.OutsideHorizon)
            {
                duplicates++;
            }
        }

        return new Outcome(applied, duplicates, false, advanced, deduplication is null ? null : verdicts);
    }

    private static EventVerdict DecideByOffset(bool replayed, bool suppressed) =>
        replayed ? EventVerdict.Replayed : suppressed ? EventVerdict.Duplicate : EventVerdict.Applied;

    /// <summary>
    /// A replay is <see cref="EventVerdict.Replayed"/> only if this very offset is where the id was applied, so the item
    /// side counts it exactly when it counted the first time. A new event is a duplicate if its id is remembered.
    /// An event the ledger is too short to vouch for is refused on replay too, so its dead letter is written again.
    /// </summary>
    private static EventVerdict DecideByEventId(EntityState state, SourcedEvent sourced, Interaction interaction, bool replayed, Deduplication rule)
    {
        var ledger = state.EventIds ??= new EventIdLedger();
        var hash = Fnv1a64(interaction.EventId);
        if (ledger.TryFind(hash, out var appliedAt))
        {
            return replayed && appliedAt == sourced.Offset ? EventVerdict.Replayed : EventVerdict.Duplicate;
        }

        if (ledger.IsBeyondHorizon(interaction.TsMs, rule.HorizonMs))
        {
            return EventVerdict.OutsideHorizon;
        }

        if (replayed)
        {
            return EventVerdict.Duplicate;
        }

        ledger.Add(hash, sourced.Offset, interaction.TsMs, rule.HorizonMs, rule.MaxEventIdsPerUser);
        return EventVerdict.Applied;
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
