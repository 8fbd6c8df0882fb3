using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains;

public sealed class UserFeatureGrain(
    [PersistentState(StateNames.User, StorageNames.Recsys)] IPersistentState<EntityState> state,
    FeatureEngine engine,
    IOptions<GridOptions> options,
    ILogger<UserFeatureGrain> logger)
    : FeatureGrainBase(state, engine, options, logger), IUserFeatureGrain
{
    public ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch) =>
        ValueTask.FromResult(ApplyCore(batch, (s, e) => Engine.ApplyUser(s, e.Interaction!), null, 0));

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));
}
