using Orleans.Concurrency;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.Features;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// Ranks one user's recommendation candidates with a fixed model version for a batch run: the same candidates, vector
/// builder and model-version grain as online recommend, but not through the ranking grain, so batch scoring leaves the
/// live serving stats (latency, fallbacks, guardrails), which judge canaries on real traffic, untouched. There is no
/// deadline and no popularity fallback: a user whose scoring fails keeps their previous list.
/// </summary>
internal sealed class BatchScorer(ModelSessionCache sessions, ItemFeatureCache items, RankPathGrains rankPath, CandidateGenerator generator, IGrainFactory grains)
{
    /// <summary>Candidate sources for one shard's users: they share the popular lists.</summary>
    public ICandidateSources SourcesForShard() => new GrainCandidateSources(grains, items);

    /// <summary>The user's top <paramref name="k"/>, each naming its candidate source, or null when the version could not score them.</summary>
    public async Task<RankedItem[]?> TopAsync(ModelVersionKey version, string userId, int k, ICandidateSources sources, long asOfMs)
    {
        var (loaded, _) = await sessions.GetAsync(version.Model, version.Version);
        if (loaded is null)
        {
            return null;
        }

        var user = (await rankPath.User(userId).GetStateAsync()).Value;
        var candidates = await generator.GenerateAsync(user, [], sources);
        var itemIds = RecommendedItems.Ids(candidates);
        if (itemIds.Length == 0)
        {
            return [];
        }

        var states = new EntityState[itemIds.Length];
        await items.GetManyAsync(itemIds, states);
        var rows = new float[itemIds.Length * loaded.Builder.Width];
        loaded.Builder.Build(user, itemIds, states, asOfMs, rows);
        var result = await rankPath.ModelVersion(version.Model, version.Version).ScoreAsync(new Immutable<float[]>(rows), itemIds.Length);
        return result.Scores is { } scores ? RecommendedItems.WithSources(RankResponseBuilder.Top(itemIds, k, scores), candidates) : null;
    }
}
