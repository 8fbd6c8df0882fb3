using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// The exactly-once rule of an online backfill: a replayed interaction computes the features a catalogue version added
/// for an entity once, and only if live ingestion applied it to that entity before the entity knew them. Per event:
/// <list type="number">
/// <item>the user side first decides whether live ingestion counted the event at all (<see cref="CountedLive"/>): not a
/// re-sent copy of an event counted at another offset, not beyond the de-duplication horizon;</item>
/// <item>an event above the entity's cutover (<see cref="CatalogCutovers"/>) is live ingestion's: it was, or will be,
/// applied with the new features, so the backfill leaves it alone;</item>
/// <item>an event at or below the backfill's own mark for its source was decided already (a resumed or re-sent backfill
/// batch);</item>
/// <item>otherwise the new features, and only they, see the event; counts, times and the other features do not move.</item>
/// </list>
/// </summary>
public static class FeatureBackfill
{
    public static BackfillOutcome ApplyUser(EntityState state, BackfillBatch batch, FeatureEngine engine, Deduplication rule)
    {
        var marks = MarksFor(state, batch.BackfillId);
        var features = engine.Catalog.AddedBy(EntityKind.User, batch.Since);
        var counted = new bool[batch.Events.Length];
        var applied = 0;
        for (var i = 0; i < counted.Length; i++)
        {
            var sourced = batch.Events[i];
            counted[i] = CountedLive(state, marks, sourced, rule);
            if (counted[i] && Decide(state, marks, batch.Since, sourced))
            {
                engine.ApplyOnly(state, sourced.Interaction!, features);
                applied++;
            }
        }

        return new BackfillOutcome(applied, counted);
    }

    public static BackfillOutcome ApplyItem(EntityState state, BackfillBatch batch, FeatureEngine engine)
    {
        var marks = MarksFor(state, batch.BackfillId);
        var features = engine.Catalog.AddedBy(EntityKind.Item, batch.Since);
        var applied = 0;
        for (var i = 0; i < batch.Events.Length; i++)
        {
            var sourced = batch.Events[i];
            var suppressed = batch.Suppressed is { } flags && flags[i];
            if (Decide(state, marks, batch.Since, sourced) && !suppressed)
            {
                engine.ApplyOnly(state, sourced.Interaction!, features);
                applied++;
            }
        }

        return new BackfillOutcome(applied);
    }

    /// <summary>Whether the backfill applies this event here (rules 2 and 3); moves the mark past it either way.</summary>
    private static bool Decide(EntityState state, BackfillMarks marks, int since, SourcedEvent sourced)
    {
        if (sourced.Offset <= marks.MarkOf(sourced.Source))
        {
            return false;
        }

        marks.Advance(sourced.Source, sourced.Offset);
        return CatalogCutovers.IsBeforeCutover(state, since, sourced.Source, sourced.Offset);
    }

    /// <summary>
    /// Live ingestion's verdict on the event, recovered: the user's own ledger knows where an id within the horizon was
    /// applied; for older ids the backfill keeps a ledger of the ids it met in its range, in offset order as live ingestion
    /// met them, so the first copy counts and later copies do not. An id found at the same offset is this very event,
    /// seen again by a resumed backfill: it counted.
    /// </summary>
    private static bool CountedLive(EntityState state, BackfillMarks marks, SourcedEvent sourced, Deduplication rule)
    {
        var interaction = sourced.Interaction!;
        var hash = BatchApplier.Fnv1a64(interaction.EventId);
        if (state.EventIds is { } live && live.TryFind(hash, out var appliedAt))
        {
            return appliedAt == sourced.Offset;
        }

        var ledger = marks.Ledger ??= new EventIdLedger();
        if (ledger.TryFind(hash, out var seenAt))
        {
            return seenAt == sourced.Offset;
        }

        if (ledger.IsBeyondHorizon(interaction.TsMs, rule.HorizonMs))
        {
            return false;
        }

        ledger.Add(hash, sourced.Offset, interaction.TsMs, rule.HorizonMs, rule.MaxEventIdsPerUser);
        return true;
    }

    private static BackfillMarks MarksFor(EntityState state, string backfillId)
    {
        if (state.Backfill is not { } marks || marks.BackfillId != backfillId)
        {
            marks = state.Backfill = new BackfillMarks { BackfillId = backfillId };
        }

        return marks;
    }
}
