using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Top items by popularity (a 1-hour decayed sum of weighted interactions), fed by ingestion at every checkpoint and
/// read by recommend for its candidates. With durable storage the list is written on a timer
/// (<see cref="GridOptions.PopularityFlushSeconds"/>) and on deactivation, so a silo's death does not empty it: the
/// activation that takes over on another silo reads it back, and recommend keeps its candidates. Not written per update:
/// every silo's checkpoint updates the global list each second, and an update lost with a dead silo only leaves an item
/// at its previous score until its next interaction reports it again.
/// </summary>
internal sealed class PopularityGrain(
    [PersistentState(StateNames.Popularity, StorageNames.Recsys)] IPersistentState<PopularityList> state,
    IOptions<GridOptions> options) : Grain, IPopularityGrain
{
    private readonly WriteBehindState<PopularityList> _list = new(state);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DurableState)
        {
            var every = TimeSpan.FromSeconds(options.Value.PopularityFlushSeconds);
            this.RegisterGrainTimer(_list.FlushAsync, new GrainTimerCreationOptions(every, every) { Interleave = false });
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        options.Value.DurableState ? _list.FlushAsync(cancellationToken) : Task.CompletedTask;

    public Task UpdateAsync(PopularityEntry[] entries)
    {
        _list.Changed(_list.Value.Merge(entries, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return Task.CompletedTask;
    }

    public ValueTask<PopularityEntry[]> TopAsync(int n) => ValueTask.FromResult(_list.Value.Top(n, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
