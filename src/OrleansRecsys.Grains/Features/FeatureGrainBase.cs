using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Shared behaviour of user and item grains: apply batches in memory with the exactly-once rule, write state
/// only when asked to flush (coalescing many batches into one write) and on deactivation.
/// A migrating grain takes along what it knows of its stored state: Orleans moves the in-memory state, which may hold
/// changes its deactivation could not write, and the new activation must neither report them as durable nor forget
/// to write them.
/// </summary>
internal abstract class FeatureGrainBase(IPersistentState<EntityState> state, FeatureEngine engine, IOptions<GridOptions> options, ILogger logger)
    : Grain, IGrainMigrationParticipant
{
    private const string DirtyKey = "recsys.dirty";
    private const string PersistedKey = "recsys.persisted";

    private bool _dirty;
    // The watermarks the stored state covers (durable storage only); kept by every active grain, read once per flush.
    private SourceOffset[] _persisted = [];
    private bool _rehydrated;
    // The copy readers were last handed; dropped by every apply, so a read between changes allocates nothing.
    private EntityState? _snapshot;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!_rehydrated)
        {
            // Read from storage: what is in memory is exactly what is stored.
            _persisted = options.Value.DurableState ? state.State.CopyWatermarks() : [];
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public void OnDehydrate(IDehydrationContext dehydrationContext)
    {
        dehydrationContext.TryAddValue(DirtyKey, _dirty);
        dehydrationContext.TryAddValue(PersistedKey, _persisted);
    }

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        _rehydrated = true;
        if (rehydrationContext.TryGetValue(DirtyKey, out bool dirty) && rehydrationContext.TryGetValue(PersistedKey, out SourceOffset[]? persisted) && persisted is not null)
        {
            _dirty = dirty;
            _persisted = persisted;
            return;
        }

        // Dehydrated without them (a silo of an older build): assume nothing is written, so the next flush writes.
        _dirty = true;
        _persisted = [];
    }

    protected FeatureEngine Engine => engine;

    /// <summary>
    /// Whether a read of a never-seen id (nothing applied, nothing to write) deactivates the grain once answered. Items:
    /// rank candidates are caller-chosen, and 1,000 made-up ids must not leave 1,000 idle activations for the collection
    /// age; the silo's item replica remembers the empty answer, so a repeated unknown id is not asked again meanwhile.
    /// Users keep theirs: a user is read on every request they make, and the next read would pay a storage read.
    /// </summary>
    protected virtual bool LeaveWhenBlank => false;

    protected EntityState State => state.State;

    /// <summary>Applies the batch's new events (the exactly-once rule skips replays and re-sent events); the caller adds
    /// its own answer fields.</summary>
    protected ApplyResult ApplyCore(ApplyBatch batch, Action<EntityState, SourcedEvent> apply, Deduplication? deduplication = null)
    {
        _snapshot = null;
        CatalogCutovers.Reconcile(state.State, engine.Catalog.Version);
        var outcome = BatchApplier.Apply(state.State, batch, apply, deduplication);
        if (outcome.LostState)
        {
            logger.LogWarning("Grain {GrainId} refused a batch: its watermarks are behind what the consumer applied (state lost with a silo)", this.GetGrainId());
        }

        _dirty |= outcome.Advanced > 0;
        return new ApplyResult(outcome.Applied, outcome.Duplicates, outcome.LostState, null, 0, Verdicts: outcome.Verdicts);
    }

    /// <summary>Applies an online backfill's batch (<see cref="FeatureBackfill"/>); the state is written by the next flush,
    /// which the backfill asks for before it records its progress.</summary>
    protected BackfillOutcome BackfillCore(Func<EntityState, BackfillOutcome> apply)
    {
        _snapshot = null;
        CatalogCutovers.Reconcile(state.State, engine.Catalog.Version);
        var outcome = apply(state.State);
        _dirty = true; // the backfill's marks moved, whatever it applied
        return outcome;
    }

    /// <summary>Writes dirty state and answers with the watermarks the stored state covers (not merely the in-memory ones).</summary>
    public async ValueTask<FlushResult> FlushAsync()
    {
        if (_dirty && options.Value.DurableState)
        {
            await state.WriteStateAsync();
            _dirty = false;
            _persisted = state.State.CopyWatermarks();
        }

        return new FlushResult(options.Value.DurableState ? EntityState.ToDictionary(_persisted) : state.State.WatermarksSnapshot());
    }

    /// <summary>The grain's own copy (<see cref="EntityState.Clone"/> copies each map in one step): the generic
    /// message copier that a plain return goes through costs more, and the reader never sees later changes. The copy is
    /// shared by every read until the next apply (readers never change it), so a user ranked many times between events
    /// is copied once.
    /// With <see cref="LeaveWhenBlank"/>, an id the grid has never seen answers and deactivates right after.</summary>
    public ValueTask<Orleans.Concurrency.Immutable<EntityState>> GetStateAsync()
    {
        if (LeaveWhenBlank && !_dirty && state.State.IsBlank)
        {
            DeactivateOnIdle();
        }

        return ValueTask.FromResult(new Orleans.Concurrency.Immutable<EntityState>(_snapshot ??= state.State.Clone()));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Idle collection must not lose state, with memory storage too (it outlives activations); only a volatile
        // silo that is shutting down has nothing to keep.
        var shuttingDown = reason.ReasonCode == DeactivationReasonCode.ShuttingDown;
        if (_dirty && (options.Value.DurableState || !shuttingDown))
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
                _dirty = false;
            }
            catch (Exception ex)
            {
                // The consumer never committed past this state, so a replay restores it.
                logger.LogWarning(ex, "Grain {GrainId} could not write its state on deactivation", this.GetGrainId());
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
