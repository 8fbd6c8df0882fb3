using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// Batches of synthetic shop events in the JSON shape POST /v1/events takes, cut from whole simulated sessions.
/// Event ids carry a prefix unique to this run, so a second run is not dropped as duplicates of the first.
/// </summary>
internal sealed class SyntheticEventBatches(int seed)
{
    private readonly SyntheticWorld _world = new(seed: seed);
    private readonly Queue<Interaction> _pending = new();
    private readonly string _prefix = $"sim-{Guid.NewGuid().ToString("N")[..8]}-";
    private long _sequence;

    /// <summary>An interaction event as the ingest endpoint reads it (ts in epoch milliseconds).</summary>
    internal sealed record IngestEvent(string EventId, string UserId, string ItemId, string Type, long Ts, double Value);

    public IngestEvent[] Next(int count)
    {
        while (_pending.Count < count)
        {
            // Sessions start in the past so that none of their events is ahead of the grid's clock.
            var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
            foreach (var e in _world.Session(_world.NextUser(), start, ref _sequence))
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
}
