using System.Security.Claims;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// The serving calls every front door makes (HTTP <c>/v1</c> and gRPC <c>recsys.v1</c>): validate the input with the shared
/// <see cref="RequestRules"/>, resolve the defaults, call the grid and answer. So both surfaces refuse the same input with
/// the same message and field, resolve the same defaults and fall back the same way; only the status they put around a
/// <see cref="ServingFailure"/> differs. Rank and recommend wait for the grid no longer than the request's deadline plus
/// <see cref="ServingOptions.DeadlineGraceMs"/>; past it, or when the silo serving the call is gone, they answer from the
/// popularity snapshot (<see cref="CallerFallback"/>), so a dying silo costs a fallback, not a 30 s wait.
/// </summary>
public sealed class ServingCalls(RankingEntry ranking, PopularitySnapshotKeeper popularity, IOptions<ServingOptions> serving,
    RecsysMetrics metrics, IGrainFactory grains)
{
    /// <summary>What k is when a recommendations query gives none.</summary>
    public const int DefaultRecommendationsK = 10;

    /// <remarks>Not an async method itself (nor is recommend): the grid's answer is awaited once, in
    /// <see cref="AnswerAsync"/>, so a rank costs one state machine here, not two.</remarks>
    public Task<ServingOutcome<RankResponse>> RankAsync(RankBody body, ServingContext? context, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        if ((RequestRules.Rank(body.UserId, body.Candidates, body.K, body.Model, body.DeadlineMs) ?? RequestRules.Context(context)) is { } broken)
        {
            return Refused(ServingFailure.Invalid(broken));
        }

        if (PinningFailure(caller, body.Version) is { } refused)
        {
            return Refused(refused);
        }

        var rank = new RankRequest(body.UserId!, body.Candidates!, body.K ?? Math.Min(RequestLimits.DefaultRankK, body.Candidates!.Length),
            body.Model ?? ModelNames.Default, null, body.DeadlineMs ?? serving.Value.DefaultDeadlineMs, body.Explain ?? false, body.Version, context);
        return AnswerAsync(CallerFallback.RankAsync(ranking.Grain, rank, Grace, popularity, cancellationToken));
    }

    public Task<ServingOutcome<RankResponse>> RecommendAsync(RecommendBody body, ServingContext? context, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        if ((RequestRules.Recommend(body.UserId, body.K, body.Model, body.Exclude, body.DeadlineMs) ?? RequestRules.Context(context)) is { } broken)
        {
            return Refused(ServingFailure.Invalid(broken));
        }

        if (PinningFailure(caller, body.Version) is { } refused)
        {
            return Refused(refused);
        }

        var recommend = new RecommendRequest(body.UserId!, body.K!.Value, body.Model ?? ModelNames.Default, body.Exclude ?? [], null,
            body.DeadlineMs ?? serving.Value.DefaultDeadlineMs, body.Explain ?? false, body.Version, context);
        return AnswerAsync(CallerFallback.RecommendAsync(ranking.Grain, recommend, Grace, popularity, cancellationToken));
    }

    private static Task<ServingOutcome<RankResponse>> Refused(ServingFailure failure) => Task.FromResult<ServingOutcome<RankResponse>>(failure);

    /// <summary>
    /// A user's recommendations, precomputed when fresh, else online, else popular (of the query's category when it names
    /// one). The recommendations grain decides; a model never registered is a refusal.
    /// </summary>
    public async Task<ServingOutcome<RecommendationsResponse>> RecommendationsAsync(RecommendationsQuery query)
    {
        if ((BatchRules.Recommendations(query.UserId, query.K, query.Model, query.MaxAgeSeconds, query.Category)
            ?? RequestRules.DeadlineMs(query.DeadlineMs)) is { } broken)
        {
            return ServingFailure.Invalid(broken);
        }

        var request = new RecommendationsRequest(query.UserId!, query.K ?? DefaultRecommendationsK, query.Model ?? ModelNames.Default,
            (query.MaxAgeSeconds ?? 0) * 1000L, query.DeadlineMs ?? serving.Value.DefaultDeadlineMs, query.Category);
        try
        {
            return await grains.GetGrain<IRecommendationsGrain>(0).GetAsync(request);
        }
        catch (UnknownModelException ex)
        {
            return ServingFailure.UnknownModel(ex.Model);
        }
    }

    /// <summary>The grid's answer, or the caller's mistakes the silo found (a model never registered, a pinned version it
    /// lacks, a context key the catalogue does not declare) as refusals. Takes the running call rather than a delegate so the
    /// hot path makes no closure.</summary>
    private async Task<ServingOutcome<RankResponse>> AnswerAsync(Task<RankResponse> call)
    {
        try
        {
            return Counted(await call);
        }
        catch (UnknownModelException ex)
        {
            return ServingFailure.UnknownModel(ex.Model);
        }
        catch (UnknownVersionException ex)
        {
            return ServingFailure.UnknownVersion(ex);
        }
        catch (InvalidContextException ex)
        {
            return ServingFailure.Invalid(new RuleViolation(ex.Field, ex.Message));
        }
    }

    /// <summary>
    /// A pinned version must be a valid name (invalid, naming <c>version</c>) and needs the admin role (forbidden): pinning
    /// takes the caller out of the experiment, which only an operator evaluating versions may do.
    /// </summary>
    private static ServingFailure? PinningFailure(ClaimsPrincipal caller, string? version)
    {
        if (version is null)
        {
            return null;
        }

        if (RequestRules.Model(version, "version") is { } broken)
        {
            return ServingFailure.Invalid(broken);
        }

        return caller.IsInRole(Roles.Admin) ? null : ServingFailure.Forbidden("version", $"pinning a version needs the {Roles.Admin} role");
    }

    /// <summary>All catalogue features of a user as of now; <paramref name="field"/> names the id where the caller gave it.</summary>
    public Task<ServingOutcome<FeatureRead>> UserFeaturesAsync(string? id, string field = "id") =>
        FeaturesAsync(id, field, static (grains, id, asOfMs) => grains.GetGrain<IUserFeatureGrain>(id).ReadFeaturesAsync(asOfMs));

    /// <summary>All catalogue features of an item as of now; <paramref name="field"/> names the id where the caller gave it.</summary>
    public Task<ServingOutcome<FeatureRead>> ItemFeaturesAsync(string? id, string field = "id") =>
        FeaturesAsync(id, field, static (grains, id, asOfMs) => grains.GetGrain<IItemFeatureGrain>(id).ReadFeaturesAsync(asOfMs));

    /// <summary>The exact rows a model would score for the user and items (the model's version routed for this user).</summary>
    public async Task<ServingOutcome<VectorsResponse>> VectorsAsync(VectorsBody body, ServingContext? context = null)
    {
        if ((RequestRules.Vectors(body.UserId, body.ItemIds, body.Model) ?? RequestRules.Context(context)) is { } broken)
        {
            return ServingFailure.Invalid(broken);
        }

        VectorsResponse result;
        try
        {
            result = await ranking.Grain.GetVectorsAsync(new VectorsRequest(body.UserId!, body.ItemIds!, body.Model ?? ModelNames.Default, context));
        }
        catch (InvalidContextException ex)
        {
            return ServingFailure.Invalid(new RuleViolation(ex.Field, ex.Message));
        }

        return result.Version is null || result.FeatureNames.Length == 0 ? ServingFailure.NotServable(result.Model) : result;
    }

    private TimeSpan Grace => TimeSpan.FromMilliseconds(serving.Value.DeadlineGraceMs);

    private async Task<ServingOutcome<FeatureRead>> FeaturesAsync(string? id, string field,
        Func<IGrainFactory, string, long, ValueTask<FeatureRead>> readAsOf)
    {
        if (RequestRules.Id(id, field) is { } broken)
        {
            return ServingFailure.Invalid(broken);
        }

        return await readAsOf(grains, id!, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Counts the caller's own fallbacks: only they carry <c>deadline</c> or <c>silo_unavailable</c> with variant <c>none</c>
    /// (the grid's deadline fallbacks carry the variant they were routed to).
    /// </summary>
    private RankResponse Counted(RankResponse response)
    {
        if (response.Variant == Variants.None && response.FallbackReason is FallbackReasons.Deadline or FallbackReasons.SiloUnavailable)
        {
            // No model label: the caller cannot tell a real model from a made-up name, and labels must stay few.
            metrics.CallerFallbacks.Add(1, new KeyValuePair<string, object?>("reason", response.FallbackReason));
        }

        return response;
    }
}
