namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// The exactly-once rule for outcomes, the one item features follow: per source, the highest offset whose outcome was
/// counted. The user grain decides which events are outcomes (new, or replayed at the offset where they were first
/// applied; never a copy re-sent at another offset), and the monitor counts each only above its watermark, so a rewind
/// that delivers outcomes again (a commit that failed, a silo that died before committing) adds nothing.
/// </summary>
internal sealed class OutcomeWatermarks
{
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    /// <summary>The outcomes of a delivery that were not counted before, and raises the watermarks past all of them.
    /// Judged against the watermarks as they stood when the delivery arrived: one delivery may hold a source's outcomes
    /// in any order.</summary>
    public List<SourcedOutcome> TakeNew(SourcedOutcome[] outcomes)
    {
        var before = new Dictionary<string, long>(StringComparer.Ordinal);
        var fresh = new List<SourcedOutcome>(outcomes.Length);
        var seen = new HashSet<(string, long)>();
        foreach (var outcome in outcomes)
        {
            if (!before.TryGetValue(outcome.Source, out var watermark))
            {
                before[outcome.Source] = watermark = _highest.TryGetValue(outcome.Source, out var known) ? known : long.MinValue;
            }

            if (outcome.Offset > watermark && seen.Add((outcome.Source, outcome.Offset)))
            {
                fresh.Add(outcome);
                _highest[outcome.Source] = Math.Max(_highest.GetValueOrDefault(outcome.Source, long.MinValue), outcome.Offset);
            }
        }

        return fresh;
    }
}
