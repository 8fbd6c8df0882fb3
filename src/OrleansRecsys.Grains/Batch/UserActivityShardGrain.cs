using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// One shard of the active-user index. Reports arrive at every ingestion checkpoint; the ledger is written on a timer
/// and on deactivation, not per report: it is a hint for batch runs (a user missed by a crash comes back with their
/// next interaction), and rewriting a shard of many users every second would cost more than the index is worth.
/// </summary>
internal sealed class UserActivityShardGrain(
    [PersistentState(StateNames.UserActivity, StorageNames.Recsys)] IPersistentState<ActivityLedger> state,
    IOptions<BatchOptions> options) : Grain, IUserActivityShardGrain
{
    private readonly WriteBehindState<ActivityLedger> _ledger = new(state);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromSeconds(options.Value.ActivityFlushSeconds);
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(every, every) { Interleave = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public Task RecordAsync(UserActivity[] users)
    {
        _ledger.Changed(_ledger.Value.Record(users));
        return Task.CompletedTask;
    }

    public ValueTask<string[]> ActiveSinceAsync(long sinceMs) => ValueTask.FromResult(_ledger.Value.ActiveSince(sinceMs));

    private Task FlushAsync(CancellationToken cancellationToken)
    {
        var retention = TimeSpan.FromHours(options.Value.ActivityRetentionHours);
        _ledger.Changed(_ledger.Value.Prune(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)retention.TotalMilliseconds));
        return _ledger.FlushAsync(cancellationToken);
    }
}
