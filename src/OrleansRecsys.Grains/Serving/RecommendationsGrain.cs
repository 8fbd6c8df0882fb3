using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansRecsys.Grains.Batch;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Serves a user's recommendations from the cheapest good source (<see cref="RecommendationSourcing"/>): the batch run's
/// list, online recommend through the ranking grain (which counts in the live serving stats like any online request),
/// or, for a user without history, the popular items of the requested category or else the global ones (from this
/// silo's cached <see cref="PopularLists"/>, no grain call). A stateless worker in the caller's silo.
/// </summary>
[StatelessWorker]
internal sealed class RecommendationsGrain(RolloutPlanCache plans, RankPathGrains rankPath, PopularLists popular, IOptions<BatchOptions> options)
    : Grain, IRecommendationsGrain
{
    public async ValueTask<RecommendationsResponse> GetAsync(RecommendationsRequest request)
    {
        if (!(await plans.LookupAsync(request.Model)).Registered)
        {
            throw new UnknownModelException(request.Model);
        }

        var stored = await GrainFactory.GetGrain<IUserRecommendationsGrain>(UserRecommendationKeys.Of(request.Model, request.UserId)).GetAsync();
        var now = DateTimeOffset.UtcNow;
        var maxAgeMs = request.MaxAgeMs > 0 ? request.MaxAgeMs : options.Value.FreshnessSeconds * 1000L;
        var (source, reason) = RecommendationSourcing.Choose(stored, request.K, maxAgeMs, now, hasHistory: true);
        if (source == RecommendationSources.Precomputed)
        {
            return new RecommendationsResponse(request.UserId, source, reason, request.Model, stored!.Version, stored.ComputedAt, stored.RunId,
                false, null, stored.Items.Length > request.K ? stored.Items[..request.K] : stored.Items);
        }

        var user = (await rankPath.User(request.UserId).GetStateAsync()).Value;
        (source, reason) = RecommendationSourcing.Choose(stored, request.K, maxAgeMs, now, hasHistory: user.EventCount > 0);
        return source == RecommendationSources.Popular ? await PopularAsync(request, reason) : await OnlineAsync(request, reason);
    }

    private async Task<RecommendationsResponse> PopularAsync(RecommendationsRequest request, string reason)
    {
        var segment = request.Category is { } category ? PopularityKeys.Category(category) : PopularityKeys.Global;
        var items = (await popular.GetAsync(segment)).Top(request.K, []);
        return new RecommendationsResponse(request.UserId, RecommendationSources.Popular, reason, request.Model, null, null, null, false, null, items);
    }

    private async Task<RecommendationsResponse> OnlineAsync(RecommendationsRequest request, string reason)
    {
        var ranked = await GrainFactory.GetGrain<IRankingGrain>(0)
            .RecommendAsync(new RecommendRequest(request.UserId, request.K, request.Model, [], null, request.DeadlineMs));
        return new RecommendationsResponse(request.UserId, RecommendationSources.Online, reason, request.Model, ranked.Version, null, null,
            ranked.Fallback, ranked.FallbackReason, ranked.Items);
    }
}
