using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace OrleansRecsys.Ingestion;

/// <summary>Notices silos dying: grains they hosted may lose what they had not flushed, so the consumer rewinds to its
/// committed offsets before it consumes again. A silo seen leaving (shutting down or stopping) before it is dead was
/// stopped gracefully: its grains wrote their state as they deactivated, and where a write failed or was cut, the
/// grain's own watermarks still refuse the next batch and hold back the next commit (the lost-state rewind), so no
/// early rewind is needed. Skipping it matters for failover: a rewind asks the group coordinator for the committed
/// offsets while the group is rebalancing around the leaver, and the blocked consumer then misses the rebalance.</summary>
internal sealed class SiloDeathWatcher(IServiceProvider services, ILogger logger)
{
    private int _deathUnhandled;

    /// <summary>True once after a silo died without being seen leaving (read by the consumer thread).</summary>
    public bool TakeDeath() => Interlocked.Exchange(ref _deathUnhandled, 0) == 1;

    public async Task WatchAsync(CancellationToken ct)
    {
        if (services.GetService(typeof(IClusterMembershipService)) is not IClusterMembershipService membership)
        {
            return;
        }

        // Silos already dead when this one starts are history, not a reason to rewind.
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Where(m => m.Value.Status == SiloStatus.Dead).Select(m => m.Key));
        var leaving = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(ct))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    Observe(silo, member.Status, dead, leaving);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Observe(SiloAddress silo, SiloStatus status, HashSet<SiloAddress> dead, HashSet<SiloAddress> leaving)
    {
        if (status is SiloStatus.ShuttingDown or SiloStatus.Stopping)
        {
            leaving.Add(silo);
        }
        else if (status == SiloStatus.Dead && dead.Add(silo))
        {
            if (leaving.Contains(silo))
            {
                logger.LogInformation("Silo {Silo} left the cluster gracefully; no rewind", silo);
                return;
            }

            logger.LogWarning("Silo {Silo} died; rewinding to the committed offsets", silo);
            Interlocked.Exchange(ref _deathUnhandled, 1);
        }
    }
}
