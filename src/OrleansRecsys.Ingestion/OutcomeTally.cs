using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion;

/// <summary>Clicks, carts and purchases attributed to the model version whose ranking led to them, gathered since the
/// last delivery and delivered to each model's monitor before the offsets they came from are committed. Only ids the
/// grid issued count; the rest are counted as unattributed, by reason.</summary>
internal sealed class OutcomeTally(RequestIdSigner requestIds, RecsysMetrics metrics)
{
    /// <summary>
    /// By source and offset: the model and outcome, or null for an event that was not attributed. Keyed like the
    /// monitor's watermarks, so an event a rewind applies again before the delivery is held once (and its reason
    /// counted once); after a delivery the monitor's watermarks take over.
    /// </summary>
    private readonly Dictionary<(string Source, long Offset), (string Model, SourcedOutcome Outcome)?> _pending = new();

    public bool IsEmpty => _pending.Count == 0;

    /// <summary>Holds an outcome that <paramref name="userId"/>'s grain reported for the version its request id names.</summary>
    public void Count(string userId, AttributedEvent e)
    {
        if (_pending.ContainsKey((e.Source, e.Offset)))
        {
            return;
        }

        if (requestIds.Verify(e.RequestId, userId, out var model, out var version) is { } reason)
        {
            metrics.OutcomesUnattributed(reason);
            _pending[(e.Source, e.Offset)] = null;
            return;
        }

        _pending[(e.Source, e.Offset)] = (model, new SourcedOutcome(e.Source, e.Offset, version, e.Type));
    }

    /// <summary>What is held, per model. It stays held until <see cref="Delivered"/>: a failed delivery is retried.</summary>
    public Dictionary<string, SourcedOutcome[]> Pending()
    {
        var byModel = new Dictionary<string, List<SourcedOutcome>>(StringComparer.Ordinal);
        foreach (var entry in _pending.Values)
        {
            if (entry is { } held)
            {
                if (!byModel.TryGetValue(held.Model, out var list))
                {
                    byModel[held.Model] = list = [];
                }

                list.Add(held.Outcome);
            }
        }

        return byModel.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every model's monitor took what <see cref="Pending"/> returned.</summary>
    public void Delivered() => _pending.Clear();

    /// <summary>Drops a revoked partition's outcomes: the commit did not cover them (it follows the delivery), so the
    /// partition's next owner replays their events and its user grains report them again.</summary>
    public void Forget(string source)
    {
        foreach (var key in _pending.Keys.Where(k => k.Source == source).ToList())
        {
            _pending.Remove(key);
        }
    }
}
