using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

internal sealed class UserFeatureGrain(
    [PersistentState(StateNames.User, StorageNames.Recsys)] IPersistentState<EntityState> state,
    FeatureEngine engine,
    CandidateRules candidates,
    IOptions<GridOptions> options,
    ILogger<UserFeatureGrain> logger)
    : FeatureGrainBase(state, engine, options, logger), IUserFeatureStateGrain
{
    private readonly Deduplication _deduplication = new(options.Value.DeduplicationHorizonHours * 3_600_000L, options.Value.DeduplicationMaxEventsPerUser);

    /// <summary>Applies the batch; each applied event first takes its co-items from the state just before it (the
    /// user's recent items within the co-visit window), which its item counts when it counts the event.</summary>
    public ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch)
    {
        string[]?[]? coItems = null;
        var cursor = 0;
        var result = ApplyCore(batch, (state, sourced) =>
        {
            // Applied in batch order, so the event is at or after the cursor.
            while (!ReferenceEquals(batch.Events[cursor], sourced))
            {
                cursor++;
            }

            if (CoVisitation.CoItemsBefore(candidates, state, sourced.Interaction!) is { } items)
            {
                (coItems ??= new string[]?[batch.Events.Length])[cursor] = items;
            }

            Engine.ApplyUser(state, sourced.Interaction!);
        }, _deduplication);
        return ValueTask.FromResult(result with { Attributed = OutcomeAttribution.Select(batch.Events, result.Verdicts), CoItems = coItems });
    }

    public ValueTask<BackfillOutcome> BackfillAsync(BackfillBatch batch) =>
        ValueTask.FromResult(BackfillCore(state => FeatureBackfill.ApplyUser(state, batch, Engine, _deduplication)));

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));

    public ValueTask<FeatureRead> ReadFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Read(this.GetPrimaryKeyString(), State, EntityKind.User, asOfMs));
}
