using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Candidates;

/// <summary>
/// Co-visitation from the event stream. When a user's new interaction is applied, the user's recent items within the
/// window before it are its co-items (<see cref="CoItemsBefore"/>, computed on the user's state just before the event);
/// the event's item counts them in its <see cref="CoVisitSketch"/> (<see cref="Count"/>). Each pair is counted once, on
/// its later item, whose own event carries it: no grain call beyond those ingestion already makes, and the item counts
/// the pair exactly when it counts the event, so a re-sent or replayed event changes no co-visit count.
/// </summary>
public static class CoVisitation
{
    /// <summary>
    /// The items the user interacted with in the window up to <paramref name="e"/> (newest first, at most
    /// <see cref="CandidateOptions.CoVisitationOptions.MaxPairsPerEvent"/>); null when the event makes no co-visits:
    /// its type does not count, or the user already interacted with the same item within the window (those pairs were
    /// counted then).
    /// </summary>
    public static string[]? CoItemsBefore(CandidateRules rules, EntityState user, Interaction e)
    {
        if ((rules.CoVisitTypes & CandidateRules.Bit(e.Type)) == 0 || !user.Recent.TryGetValue(rules.RecentItems.Name, out var recent))
        {
            return null;
        }

        var from = e.TsMs - rules.CoVisitWindowMs;
        List<string>? coItems = null;
        for (var i = recent.Count - 1; i >= 0 && recent[i].LastSeenMs >= from; i--)
        {
            var entry = recent[i];
            if (entry.LastSeenMs > e.TsMs || (RecentKeys.TypesOf(entry, rules.RecentItems) & rules.CoVisitTypes) == 0)
            {
                continue;
            }

            if (string.Equals(entry.Key, e.ItemId, StringComparison.Ordinal))
            {
                return null;
            }

            if ((coItems ??= []).Count < rules.Options.CoVisitation.MaxPairsPerEvent)
            {
                coItems.Add(entry.Key);
            }
        }

        return coItems?.ToArray();
    }

    /// <summary>Counts the co-items an applied interaction carried into its item's sketch.</summary>
    public static void Count(CandidateRules rules, EntityState item, string[] coItems)
    {
        var sketch = item.CoVisits ??= new CoVisitSketch();
        foreach (var coItem in coItems)
        {
            sketch.Add(coItem, rules.Options.CoVisitation.TopN);
        }
    }
}
