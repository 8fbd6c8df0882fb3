namespace OrleansRecsys.Client;

/// <summary>
/// Typed access to the recommendation grid over an Orleans client, for callers that need more than HTTP gives
/// (no JSON, no extra hop). Inputs are checked like the HTTP API checks them; bad input throws <see cref="ArgumentException"/>.
/// Admission control (load shedding) and the per-caller rate limits guard the grid's network doors (HTTP and gRPC) and do
/// not apply here: this client is inside the trust boundary, an Orleans client holding the cluster's TLS credentials that
/// could call any grain directly, so a limit in it would protect nothing from whoever runs it. Its owner bounds its
/// concurrency instead.
/// </summary>
public interface IRecsysClient
{
    /// <summary>
    /// Ranks <paramref name="candidates"/> (1..1000) for a user and returns the best <paramref name="k"/> (1..200), within
    /// the deadline plus <see cref="RecsysClientOptions.DeadlineGrace"/>: when the grid cannot answer by then (or a silo
    /// is unavailable), the answer is the client's popularity fallback (<see cref="FallbackReasons.Deadline"/>,
    /// <see cref="FallbackReasons.SiloUnavailable"/>), not an exception. A model name that was never registered throws
    /// <see cref="UnknownModelException"/> (its message names the model); a registered model without a servable version
    /// answers with the popularity fallback (<see cref="FallbackReasons.NoModel"/>). <paramref name="context"/> gives the
    /// catalogue's context features (device, hour, page...); an entry the catalogue does not declare, or of the wrong type,
    /// throws <see cref="InvalidContextException"/> naming it.
    /// </summary>
    Task<RankResponse> RankAsync(string userId, IReadOnlyList<string> candidates, int k, string? model = null, TimeSpan? deadline = null,
        CancellationToken cancellationToken = default, ServingContext? context = null);

    /// <summary>
    /// Recommends <paramref name="k"/> items from the grid's own candidates (popular, the user's categories), within the
    /// deadline plus the grace like <see cref="RankAsync"/>; the fallback is the client's most popular items. A model name
    /// that was never registered throws <see cref="UnknownModelException"/>; a bad <paramref name="context"/> throws
    /// <see cref="InvalidContextException"/>.
    /// </summary>
    Task<RankResponse> RecommendAsync(string userId, int k, IReadOnlyList<string>? exclude = null, string? model = null, TimeSpan? deadline = null,
        CancellationToken cancellationToken = default, ServingContext? context = null);

    /// <summary>All catalogue features of a user, as of now.</summary>
    Task<FeatureSnapshot> GetUserFeaturesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>All catalogue features of an item, as of now.</summary>
    Task<FeatureSnapshot> GetItemFeaturesAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>All catalogue features of a user, as of now, with each one's freshness (present, expired or missing, and age).</summary>
    Task<FeatureRead> ReadUserFeaturesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>All catalogue features of an item, as of now, with each one's freshness.</summary>
    Task<FeatureRead> ReadItemFeaturesAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>The exact input rows the model version serving this user would score.</summary>
    Task<VectorsResponse> GetVectorsAsync(string userId, IReadOnlyList<string> itemIds, string? model = null, CancellationToken cancellationToken = default,
        ServingContext? context = null);
}
