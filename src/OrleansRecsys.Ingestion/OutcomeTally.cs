using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion;

/// <summary>Clicks, carts and purchases attributed to the model version whose ranking led to them, counted since
/// the last checkpoint and sent to each model's monitor there. Only ids the grid issued count; the rest are counted
/// as unattributed, by reason.</summary>
internal sealed class OutcomeTally(RequestIdSigner requestIds, RecsysMetrics metrics)
{
    private readonly Dictionary<(string Model, string Version), (long Clicks, long Carts, long Purchases)> _counts = new();

    /// <summary>
    /// The outcomes counted since the last checkpoint, by user and event id. A rewind replays everything after the
    /// committed offsets, and a grain that lost state applies those events again as new: each is counted once all the
    /// same. Events up to the committed offsets are never replayed, so the set starts afresh with each checkpoint.
    /// </summary>
    private readonly HashSet<(string UserId, string EventId)> _counted = new();

    /// <summary>Counts an outcome applied by <paramref name="userId"/>'s grain against the version its request id
    /// names, once per event.</summary>
    public void Count(string userId, AttributedEvent e)
    {
        if (!_counted.Add((userId, e.EventId)))
        {
            return;
        }

        if (requestIds.Verify(e.RequestId, userId, out var model, out var version) is { } reason)
        {
            metrics.OutcomesUnattributed(reason);
            return;
        }

        var (clicks, carts, purchases) = _counts.GetValueOrDefault((model, version));
        _counts[(model, version)] = e.Type switch
        {
            InteractionType.Click => (clicks + 1, carts, purchases),
            InteractionType.AddToCart => (clicks, carts + 1, purchases),
            InteractionType.Purchase => (clicks, carts, purchases + 1),
            _ => (clicks, carts, purchases),
        };
    }

    /// <summary>The counts per model (one delta per version), and starts afresh.</summary>
    public Dictionary<string, OutcomeDelta[]> Take()
    {
        var result = _counts.GroupBy(kv => kv.Key.Model, StringComparer.Ordinal)
            .ToDictionary(
                byModel => byModel.Key,
                byModel => byModel.Select(kv => new OutcomeDelta(kv.Key.Version, kv.Value.Clicks, kv.Value.Carts, kv.Value.Purchases)).ToArray(),
                StringComparer.Ordinal);
        _counts.Clear();
        _counted.Clear();
        return result;
    }
}
