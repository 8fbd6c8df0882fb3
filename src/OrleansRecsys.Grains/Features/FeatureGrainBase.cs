using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Shared behaviour of user and item grains: apply batches in memory with the exactly-once rule, write state
/// only when asked to flush (coalescing many batches into one write) and on deactivation.
/// A flush does not hold applies up (flushes interleave): storage writes the state as it was when the flush began, and
/// an apply that arrives while the write is in flight first copies it (copy on write) and changes the copy, which
/// becomes the live state. Writes of one grain never overlap (each carries the ETag the one before got); a failed write
/// marks the grain dirty again, so the next flush writes the live state, and what a flush answers as durable is only
/// ever what a completed write covered.
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
    // The state applies and reads see. Outside a write it is also what the persistent state holds; during one, the
    // persistent state keeps the object being written, and the first apply moves this to a copy.
    private EntityState _live = null!;
    // The last write; while it is in flight, the next waits for it and applies copy before they change anything.
    private Task? _write;
    // The watermarks the stored state covers (durable storage only); kept by every active grain, read once per flush.
    private SourceOffset[] _persisted = [];
    private bool _rehydrated;
    // The copy readers were last handed; dropped by every apply, so a read between changes allocates nothing.
    private EntityState? _snapshot;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = state.State;
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

    protected EntityState State => _live;

    /// <summary>Applies the batch's new events (the exactly-once rule skips replays and re-sent events); the caller adds
    /// its own answer fields.</summary>
    protected ApplyResult ApplyCore(ApplyBatch batch, Action<EntityState, SourcedEvent> apply, Deduplication? deduplication = null)
    {
        var live = Writable();
        CatalogCutovers.Reconcile(live, engine.Catalog.Version);
        var outcome = BatchApplier.Apply(live, batch, apply, deduplication);
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
        var live = Writable();
        CatalogCutovers.Reconcile(live, engine.Catalog.Version);
        var outcome = apply(live);
        _dirty = true; // the backfill's marks moved, whatever it applied
        return outcome;
    }

    /// <summary>Writes dirty state and answers with the watermarks the stored state covers (not merely the in-memory
    /// ones). Interleaves with applies and reads (<c>[AlwaysInterleave]</c>): they run while the write is in flight.</summary>
    public async ValueTask<FlushResult> FlushAsync()
    {
        if (!options.Value.DurableState)
        {
            return new FlushResult(_live.WatermarksSnapshot());
        }

        await WriteAsync(CancellationToken.None);
        return new FlushResult(EntityState.ToDictionary(_persisted));
    }

    /// <summary>The live state, about to change: readers' copy dropped, and moved to a copy of its own while a write is
    /// storing it (the write must store the state as its flush found it).</summary>
    private EntityState Writable()
    {
        _snapshot = null;
        if (_write is { IsCompleted: false } && ReferenceEquals(_live, state.State))
        {
            _live = _live.Clone();
        }

        return _live;
    }

    /// <summary>Writes the live state as it is now, when it changed since the last write, after the write in flight
    /// (writes of a grain follow each other, so each carries the ETag the one before got). Rethrows a failed write.</summary>
    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        while (_write is { IsCompleted: false } inFlight)
        {
            // Without rethrowing: its own caller sees its failure, and a failure left the grain dirty, so this one writes.
            await Task.WhenAny(inFlight);
        }

        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        var write = WriteLiveAsync(cancellationToken);
        _write = write;
        try
        {
            await write;
        }
        finally
        {
            if (ReferenceEquals(_write, write))
            {
                _write = null; // a completed write would keep the state it stored reachable
            }
        }
    }

    private async Task WriteLiveAsync(CancellationToken cancellationToken)
    {
        var written = _live;
        state.State = written;
        try
        {
            await state.WriteStateAsync(cancellationToken);
            _persisted = written.CopyWatermarks();
        }
        catch
        {
            _dirty = true; // nothing of it is durable: the next flush writes the live state
            throw;
        }
        finally
        {
            state.State = _live; // the copy applies moved to meanwhile, if any
        }
    }

    /// <summary>The grain's own copy (<see cref="EntityState.Clone"/> copies each map in one step): the generic
    /// message copier that a plain return goes through costs more, and the reader never sees later changes. The copy is
    /// shared by every read until the next apply (readers never change it), so a user ranked many times between events
    /// is copied once.
    /// With <see cref="LeaveWhenBlank"/>, an id the grid has never seen answers and deactivates right after.</summary>
    public ValueTask<Orleans.Concurrency.Immutable<EntityState>> GetStateAsync()
    {
        if (LeaveWhenBlank && !_dirty && _live.IsBlank)
        {
            DeactivateOnIdle();
        }

        return ValueTask.FromResult(new Orleans.Concurrency.Immutable<EntityState>(_snapshot ??= _live.Clone()));
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
                await WriteAsync(cancellationToken);
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
