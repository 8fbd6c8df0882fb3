using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

internal sealed class UserFeatureGrain(
    [PersistentState(StateNames.User, StorageNames.Recsys)] IPersistentState<EntityState> state,
    FeatureEngine engine,
    IOptions<GridOptions> options,
    ILogger<UserFeatureGrain> logger)
    : FeatureGrainBase(state, engine, options, logger), IUserFeatureStateGrain
{
    private readonly Deduplication _deduplication = new(options.Value.DeduplicationHorizonHours * 3_600_000L, options.Value.DeduplicationMaxEventsPerUser);

    public ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch)
    {
        var result = ApplyCore(batch, (state, sourced) => Engine.ApplyUser(state, sourced.Interaction!), _deduplication);
        return ValueTask.FromResult(result with { Attributed = OutcomeAttribution.Select(batch.Events, result.Verdicts) });
    }

    public ValueTask<BackfillOutcome> BackfillAsync(BackfillBatch batch) =>
        ValueTask.FromResult(BackfillCore(state => FeatureBackfill.ApplyUser(state, batch, Engine, _deduplication)));

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));

    public ValueTask<FeatureRead> ReadFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Read(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));
}
