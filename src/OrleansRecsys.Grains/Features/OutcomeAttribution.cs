using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Which events of a user's batch are outcomes to attribute: clicks, carts and purchases with a request id that the
/// user applied now, or that are replays of the very offset where it applied them. A replay is reported again because
/// the outcome counted the first time may never have reached the monitor (its consumer died, or its commit failed
/// before the delivery); the monitor's per-source watermark counts it once either way. A copy re-sent at another
/// offset (<see cref="EventVerdict.Duplicate"/>) is never an outcome, as it changes no feature either.
/// </summary>
internal static class OutcomeAttribution
{
    public static AttributedEvent[]? Select(SourcedEvent[] events, EventVerdict[]? verdicts)
    {
        if (verdicts is null)
        {
            return null;
        }

        List<AttributedEvent>? attributed = null;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i] is not (EventVerdict.Applied or EventVerdict.Replayed)
                || events[i].Interaction is not { RequestId: { } requestId, Type: not InteractionType.View } interaction)
            {
                continue;
            }

            (attributed ??= []).Add(new AttributedEvent(requestId, interaction.Type, interaction.EventId, events[i].Source, events[i].Offset));
        }

        return attributed?.ToArray();
    }
}
