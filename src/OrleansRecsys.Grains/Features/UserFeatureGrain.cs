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
        List<AttributedEvent>? attributed = null;
        var result = ApplyCore(batch, (state, sourced) =>
        {
            var interaction = sourced.Interaction!;
            Engine.ApplyUser(state, interaction);
            if (interaction.RequestId is not null && interaction.Type != InteractionType.View)
            {
                // Only events applied for the first time are attributed, so outcomes are counted once.
                (attributed ??= []).Add(new AttributedEvent(interaction.RequestId, interaction.Type, interaction.EventId));
            }
        }, _deduplication);
        return ValueTask.FromResult(attributed is null ? result : result with { Attributed = attributed.ToArray() });
    }

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));
}
