using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace OrleansRecsys.Ingestion;

/// <summary>Notices silos dying: grains they hosted lose what they had not flushed, so the consumer must rewind to
/// its committed offsets before it consumes again.</summary>
internal sealed class SiloDeathWatcher(IServiceProvider services, ILogger logger)
{
    private int _deathUnhandled;

    /// <summary>True once after a silo died (read by the consumer thread).</summary>
    public bool TakeDeath() => Interlocked.Exchange(ref _deathUnhandled, 0) == 1;

    public async Task WatchAsync(CancellationToken ct)
    {
        if (services.GetService(typeof(IClusterMembershipService)) is not IClusterMembershipService membership)
        {
            return;
        }

        // Silos already dead when this one starts are history, not a reason to rewind.
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Where(m => m.Value.Status == SiloStatus.Dead).Select(m => m.Key));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(ct))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && dead.Add(silo))
                    {
                        logger.LogWarning("Silo {Silo} died; rewinding to the committed offsets", silo);
                        Interlocked.Exchange(ref _deathUnhandled, 1);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
