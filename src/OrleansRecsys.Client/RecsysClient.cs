using Orleans;

namespace OrleansRecsys.Client;

/// <summary>
/// <see cref="IRecsysClient"/> over an <see cref="IClusterClient"/>. Serving calls go to the silo-local
/// <see cref="IRankingGrain"/> (key 0); the deadline travels in the request, so the grid answers with a fallback in
/// time. If even that answer is not here by the deadline plus <see cref="RecsysClientOptions.DeadlineGrace"/> (the silo
/// serving the call died), or the call fails because a silo is unavailable, the client answers itself from a popularity
/// snapshot it keeps fresh in the background (<see cref="CallerFallback"/>).
/// </summary>
public sealed class RecsysClient(IClusterClient cluster, RecsysClientOptions options) : IRecsysClient
{
    private readonly PopularitySnapshotKeeper _popularity = new(cluster, options.PopularityRefresh);

    public RecsysClient(IClusterClient cluster)
        : this(cluster, new RecsysClientOptions())
    {
    }

    public async Task<RankResponse> RankAsync(string userId, IReadOnlyList<string> candidates, int k, string? model = null, TimeSpan? deadline = null,
        CancellationToken cancellationToken = default, ServingContext? context = null)
    {
        var (name, budget) = Resolve(model, deadline);
        RequestValidator.Rank(userId, candidates, k, name);
        RequestValidator.Deadline(budget, nameof(deadline));
        RequestValidator.Context(context);
        var request = new RankRequest(userId, [.. candidates], k, name, null, DeadlineMs(budget), Context: context);
        return await CallerFallback.RankAsync(Ranking, request, options.DeadlineGrace, _popularity, cancellationToken);
    }

    public async Task<RankResponse> RecommendAsync(string userId, int k, IReadOnlyList<string>? exclude = null, string? model = null, TimeSpan? deadline = null,
        CancellationToken cancellationToken = default, ServingContext? context = null)
    {
        var (name, budget) = Resolve(model, deadline);
        RequestValidator.Recommend(userId, k, name, exclude);
        RequestValidator.Deadline(budget, nameof(deadline));
        RequestValidator.Context(context);
        var request = new RecommendRequest(userId, k, name, exclude is null ? [] : [.. exclude], null, DeadlineMs(budget), Context: context);
        return await CallerFallback.RecommendAsync(Ranking, request, options.DeadlineGrace, _popularity, cancellationToken);
    }

    public Task<FeatureSnapshot> GetUserFeaturesAsync(string userId, CancellationToken cancellationToken = default)
    {
        RequestValidator.Id(userId, nameof(userId));
        return cluster.GetGrain<IUserFeatureGrain>(userId).GetFeaturesAsync(NowMs()).AsTask().WaitAsync(cancellationToken);
    }

    public Task<FeatureSnapshot> GetItemFeaturesAsync(string itemId, CancellationToken cancellationToken = default)
    {
        RequestValidator.Id(itemId, nameof(itemId));
        return cluster.GetGrain<IItemFeatureGrain>(itemId).GetFeaturesAsync(NowMs()).AsTask().WaitAsync(cancellationToken);
    }

    public Task<FeatureRead> ReadUserFeaturesAsync(string userId, CancellationToken cancellationToken = default)
    {
        RequestValidator.Id(userId, nameof(userId));
        return cluster.GetGrain<IUserFeatureGrain>(userId).ReadFeaturesAsync(NowMs()).AsTask().WaitAsync(cancellationToken);
    }

    public Task<FeatureRead> ReadItemFeaturesAsync(string itemId, CancellationToken cancellationToken = default)
    {
        RequestValidator.Id(itemId, nameof(itemId));
        return cluster.GetGrain<IItemFeatureGrain>(itemId).ReadFeaturesAsync(NowMs()).AsTask().WaitAsync(cancellationToken);
    }

    public Task<VectorsResponse> GetVectorsAsync(string userId, IReadOnlyList<string> itemIds, string? model = null, CancellationToken cancellationToken = default,
        ServingContext? context = null)
    {
        var name = model ?? options.DefaultModel;
        RequestValidator.Vectors(userId, itemIds, name);
        RequestValidator.Context(context);
        return Ranking.GetVectorsAsync(new VectorsRequest(userId, [.. itemIds], name, context)).AsTask().WaitAsync(cancellationToken);
    }

    private IRankingGrain Ranking => cluster.GetGrain<IRankingGrain>(0);

    private (string Model, TimeSpan Deadline) Resolve(string? model, TimeSpan? deadline) =>
        (model ?? options.DefaultModel, deadline ?? options.DefaultDeadline);

    private static int DeadlineMs(TimeSpan deadline) => (int)Math.Ceiling(deadline.TotalMilliseconds);

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
