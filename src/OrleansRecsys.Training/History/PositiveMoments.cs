namespace OrleansRecsys.Training.History;

/// <summary>
/// When each positive was decided. A click follows the view of the same item seconds earlier, so a row built just
/// before the click would see "the user just looked at this item" and learn nothing a recommender can use before
/// showing it. The moment of a positive is therefore the user's first event on that item within the label window
/// before it (the impression that led to it), or the positive itself when nothing came before.
/// </summary>
public static class PositiveMoments
{
    /// <summary>A positive and the weight of its deepest action, keyed by the index of its moment in <see cref="EventHistory.Events"/>.</summary>
    public readonly record struct Moment(Interaction Positive, double Weight);

    public static Dictionary<int, Moment> Find(EventHistory history, IReadOnlyDictionary<InteractionType, double> weights, TimeSpan window)
    {
        var windowMs = (long)window.TotalMilliseconds;
        var moments = new Dictionary<int, Moment>();
        var open = new Dictionary<(string User, string Item), int>(); // the first event of a pair not yet claimed by a positive
        var events = history.Events;
        for (var n = 0; n < events.Count; n++)
        {
            if (events[n].Interaction is not { } e)
            {
                continue;
            }

            var key = (e.UserId, e.ItemId);
            if (!open.TryGetValue(key, out var first) || events[first].TsMs < e.TsMs - windowMs)
            {
                open[key] = first = n;
            }

            if (weights.TryGetValue(e.Type, out var weight))
            {
                // Deeper actions on the same engagement (a cart, then a purchase) raise the weight of the one moment.
                moments[first] = moments.TryGetValue(first, out var existing) && existing.Weight >= weight ? existing : new Moment(e, weight);
            }
        }

        return moments;
    }
}
