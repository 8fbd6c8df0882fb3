using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// The silos' plan caches subscribed to one coordinator. Observers are not durable: each silo re-subscribes
/// periodically, and one not heard from for <see cref="Expiry"/> is forgotten.
/// </summary>
internal sealed class RolloutObservers(ILogger logger)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    private readonly Dictionary<IRolloutObserver, DateTime> _lastSeen = new();

    public void Subscribe(IRolloutObserver observer)
    {
        var now = DateTime.UtcNow;
        _lastSeen[observer] = now;
        foreach (var (known, at) in _lastSeen.ToArray())
        {
            if (now - at > Expiry)
            {
                _lastSeen.Remove(known);
            }
        }
    }

    /// <summary>Pushes a plan without waiting: a lost push is repaired by the silos' periodic pull.</summary>
    public void Push(RolloutPlan plan)
    {
        foreach (var observer in _lastSeen.Keys.ToArray())
        {
            try
            {
                _ = observer.PlanChangedAsync(plan);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Dropping a rollout observer");
                _lastSeen.Remove(observer);
            }
        }
    }
}
