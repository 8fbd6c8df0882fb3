using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// Batches of the demo shop's traffic (<see cref="SyntheticTraffic"/>, the generator the embedded simulator and the demo
/// trainer use) in the JSON shapes POST /v1/events and /v1/items take, cut from whole sessions that start now. Event ids
/// carry a prefix unique to this run, so a second run is not dropped as duplicates of the first. Item upserts are stamped
/// with the time they are sent, so the prices sent here win over older upserts of the same items.
/// </summary>
internal sealed class SyntheticEventBatches(TrafficSettings settings, int seed)
{
    private readonly SyntheticTraffic _traffic = new(settings, seed);
    private readonly Queue<Interaction> _pending = new();
    private readonly string _prefix = $"sim-{Guid.NewGuid().ToString("N")[..8]}-";

    /// <summary>An interaction event as the ingest endpoint reads it (ts in epoch milliseconds).</summary>
    internal sealed record IngestEvent(string EventId, string UserId, string ItemId, string Type, long Ts, double Value);

    /// <summary>An item upsert as the ingest endpoint reads it.</summary>
    internal sealed record IngestItem(string ItemId, string? Category, double? Price, string[] Tags, long Ts);

    public TrafficShift Shift => _traffic.Shift;

    /// <summary>Every item on offer now, at its price under <paramref name="shift"/> (which stays in force for later batches).</summary>
    public IngestItem[] AllItems(TrafficShift shift, long nowMs)
    {
        _traffic.Shift = shift;
        return _traffic.CurrentItems(nowMs).Select(u => Item(u, nowMs)).ToArray();
    }

    /// <summary>Items that arrived since the last call (send them before the events that use them).</summary>
    public IngestItem[] NewItems(long nowMs) => _traffic.AdvanceItems(nowMs).Select(u => Item(u, nowMs)).ToArray();

    public IngestEvent[] Next(int count, long nowMs)
    {
        while (_pending.Count < count)
        {
            foreach (var e in _traffic.NextSession(nowMs).Events)
            {
                _pending.Enqueue(e);
            }
        }

        var batch = new IngestEvent[count];
        for (var i = 0; i < count; i++)
        {
            var e = _pending.Dequeue();
            batch[i] = new IngestEvent(_prefix + e.EventId, e.UserId, e.ItemId, EventParser.TypeName(e.Type), e.TsMs, e.Value);
        }

        return batch;
    }

    private static IngestItem Item(ItemUpsert u, long nowMs) => new(u.ItemId, u.Category, u.Price, u.Tags, nowMs);
}
