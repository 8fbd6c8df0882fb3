using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains;

/// <summary>
/// The ranking entry point: a stateless worker in the caller's silo. Plan from the silo cache, user features
/// with one grain call, item features from the silo replica, vectors from the shared builder, scores from the
/// model-version grain; past the deadline or on any model failure, the popularity baseline answers.
/// </summary>
[StatelessWorker]
public sealed class RankingGrain(
    RolloutPlanCache plans,
    ModelSessionCache sessions,
    ItemFeatureCache items,
    FeatureEngine engine,
    RecsysMetrics metrics,
    VariantStatsCollector stats,
    ShadowScorer shadow,
    IPredictionSink predictions,
    IOptions<GridOptions> options) : Grain, IRankingGrain
{
    private readonly record struct Scored(float[]? Scores, string? Error, string? Reason, EntityState[] States, string[] FeatureNames, float[]? LoggedRows = null);

    public async ValueTask<RankResponse> RankAsync(RankRequest r)
    {
        var start = Stopwatch.GetTimestamp();
        var asOf = DateTimeOffset.UtcNow;
        var asOfMs = asOf.ToUnixTimeMilliseconds();
        var deadline = TimeSpan.FromMilliseconds(r.DeadlineMs > 0 ? r.DeadlineMs : options.Value.DeadlineMs);
        var log = Sample(options.Value.PredictionSampleRate);

        var plan = await plans.GetAsync(r.Model);
        if (plan?.Stable is null)
        {
            return Finish(r, log, r.RequestId ?? RequestIds.New(r.Model, null), asOf, Variants.None, null, default, FallbackReasons.NoModel, start);
        }

        var (variant, version) = RolloutMath.Route(plan, r.UserId);
        var requestId = r.RequestId ?? RequestIds.New(r.Model, version);
        var work = ScoreAsync(r.Model, version!, r.UserId, r.Candidates, asOfMs, plan.Shadow, log && Sample(options.Value.PredictionVectorSampleRate));
        Scored scored;
        try
        {
            if (work.IsCompleted)
            {
                scored = await work;
            }
            else
            {
                var task = work.AsTask();
                var remaining = deadline - Stopwatch.GetElapsedTime(start);
                if (remaining <= TimeSpan.Zero || await Task.WhenAny(task, Task.Delay(remaining)) != task)
                {
                    _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    return Finish(r, log, requestId, asOf, variant, version, default, FallbackReasons.Deadline, start);
                }

                scored = await task;
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or SiloUnavailableException)
        {
            // A grain on a silo that just died: answer with the baseline now; the cluster re-activates it elsewhere.
            return Finish(r, log, requestId, asOf, variant, version, default, FallbackReasons.FeatureError, start);
        }
        catch (Exception)
        {
            // Anything else on the model path is the model's failure: the baseline answers and guardrails see it.
            return Finish(r, log, requestId, asOf, variant, version, default, FallbackReasons.ModelError, start);
        }

        return Finish(r, log, requestId, asOf, variant, version, scored, scored.Reason, start);
    }

    private async ValueTask<Scored> ScoreAsync(string model, string version, string userId, string[] candidates, long asOfMs, string[] shadows, bool logVectors)
    {
        var (loaded, error) = await sessions.GetAsync(model, version);
        if (loaded is null)
        {
            return new Scored(null, error, FallbackReasons.ModelUnhealthy, [], []);
        }

        var userTask = GrainFactory.GetGrain<IUserFeatureStateGrain>(userId).GetStateAsync();
        var states = new EntityState[candidates.Length];
        await items.GetManyAsync(candidates, states);
        var user = (await userTask).Value;

        var width = loaded.Builder.Width;
        var rows = ArrayPool<float>.Shared.Rent(candidates.Length * width);
        try
        {
            loaded.Builder.Build(user, candidates, states, asOfMs, rows.AsSpan(0, candidates.Length * width));
            foreach (var s in shadows)
            {
                shadow.Enqueue(model, s, rows.AsSpan(0, candidates.Length * width), candidates.Length);
            }

            var result = await GrainFactory.GetGrain<IModelVersionGrain>(new ModelVersionKey(model, version).ToString())
                .ScoreAsync(new Immutable<float[]>(rows), candidates.Length);
            if (result.Scores is null)
            {
                return new Scored(null, result.Error, FallbackReasons.ModelError, states, loaded.Builder.FeatureNames);
            }

            stats.RecordDrift(loaded.Manifest, rows.AsSpan(0, candidates.Length * width), candidates.Length, result.Scores);
            var logged = logVectors ? rows.AsSpan(0, candidates.Length * width).ToArray() : null;
            return new Scored(result.Scores, null, null, states, loaded.Builder.FeatureNames, logged);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    private static bool Sample(double rate) => rate >= 1 || (rate > 0 && Random.Shared.NextDouble() < rate);

    private RankResponse Finish(RankRequest r, bool log, string requestId, DateTimeOffset asOf, string variant, string? version, Scored scored,
        string? fallbackReason, long start)
    {
        var scores = scored.Scores;
        var fallback = scores is null;
        var n = r.Candidates.Length;
        var order = new ByScore[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = new ByScore(fallback ? Popularity(r.Candidates[i], asOf.ToUnixTimeMilliseconds()) : scores![i], i);
        }

        Array.Sort(order);
        var k = Math.Min(r.K, n);
        var ranked = new RankedItem[k];
        for (var i = 0; i < k; i++)
        {
            ranked[i] = new RankedItem(r.Candidates[order[i].Index], order[i].Score);
        }

        var response = new RankResponse(requestId, r.Model, version, variant, fallback, fallback ? fallbackReason ?? FallbackReasons.ModelError : null, asOf, ranked);
        var elapsedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        // Unknown model names are one label value, so callers cannot create metric series at will.
        var modelLabel = variant == Variants.None ? "unknown" : r.Model;
        var tags = new TagList { { "model", modelLabel }, { "variant", variant }, { "version", version ?? "none" } };
        metrics.RankRequests.Add(1, tags);
        metrics.RankLatency.Record(elapsedMs, tags);
        if (fallback)
        {
            metrics.Fallbacks.Add(1, new KeyValuePair<string, object?>("model", modelLabel), new KeyValuePair<string, object?>("variant", variant),
                new KeyValuePair<string, object?>("reason", response.FallbackReason));
        }

        stats.Record(r.Model, version, elapsedMs, error: fallbackReason is FallbackReasons.ModelError or FallbackReasons.ModelUnhealthy, fallback, ranked.Length);
        if (log)
        {
            predictions.Log(new RankRequestContext(r.UserId, asOf.ToUnixTimeMilliseconds(), scored.FeatureNames ?? [], r.Candidates, scored.LoggedRows), response);
        }
        return response;
    }

    private double Popularity(string itemId, long asOfMs) => ItemFeatureGrain.Popularity(engine.Catalog, items.Peek(itemId), asOfMs);

    public async ValueTask<RankResponse> RecommendAsync(RecommendRequest r)
    {
        var user = (await GrainFactory.GetGrain<IUserFeatureStateGrain>(r.UserId).GetStateAsync()).Value;
        var excluded = new HashSet<string>(r.Exclude, StringComparer.Ordinal);
        foreach (var (name, list) in user.Recent)
        {
            if (name.Contains("purchase", StringComparison.Ordinal))
            {
                foreach (var kt in list)
                {
                    excluded.Add(kt.Key);
                }
            }
        }

        var candidates = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddAll(PopularityEntry[] entries)
        {
            foreach (var e in entries)
            {
                if (!excluded.Contains(e.ItemId) && seen.Add(e.ItemId))
                {
                    candidates.Add(e.ItemId);
                }
            }
        }

        foreach (var category in TopCategories(user, 3))
        {
            AddAll(await GrainFactory.GetGrain<IPopularityGrain>(PopularityKeys.Category(category)).TopAsync(100));
        }

        AddAll(await GrainFactory.GetGrain<IPopularityGrain>(PopularityKeys.Global).TopAsync(Math.Max(200, r.K * 2)));
        if (candidates.Count > RequestLimits.MaxCandidates)
        {
            candidates.RemoveRange(RequestLimits.MaxCandidates, candidates.Count - RequestLimits.MaxCandidates);
        }

        if (candidates.Count == 0)
        {
            return new RankResponse(r.RequestId ?? RequestIds.New(r.Model, null), r.Model, null, Variants.None, true, FallbackReasons.NoCandidates, DateTimeOffset.UtcNow, []);
        }

        return await RankAsync(new RankRequest(r.UserId, candidates.ToArray(), r.K, r.Model, r.RequestId, r.DeadlineMs));
    }

    private IEnumerable<string> TopCategories(EntityState user, int n)
    {
        foreach (var f in engine.Catalog.UserFeatures)
        {
            if (f.Shape == ValueShape.Keyed && f.Key == "category" && user.Keyed.TryGetValue(f.Name, out var map))
            {
                return map.OrderByDescending(kv => kv.Value.Value * FeatureEngine.Decay(kv.Value.RefMs, user.LastEventMs, f.HalfLifeMs))
                    .Take(n).Select(kv => kv.Key).ToArray();
            }
        }

        return [];
    }

    public async ValueTask<VectorsResponse> GetVectorsAsync(VectorsRequest r)
    {
        var asOf = DateTimeOffset.UtcNow;
        var plan = await plans.GetAsync(r.Model);
        if (plan?.Stable is null)
        {
            return new VectorsResponse(r.Model, null, asOf, [], []);
        }

        var (_, version) = RolloutMath.Route(plan, r.UserId);
        var (loaded, _) = await sessions.GetAsync(r.Model, version!);
        if (loaded is null)
        {
            return new VectorsResponse(r.Model, version, asOf, [], []);
        }

        var states = new EntityState[r.ItemIds.Length];
        await items.GetManyAsync(r.ItemIds, states);
        var user = (await GrainFactory.GetGrain<IUserFeatureStateGrain>(r.UserId).GetStateAsync()).Value;
        var width = loaded.Builder.Width;
        var rows = new float[r.ItemIds.Length * width];
        loaded.Builder.Build(user, r.ItemIds, states, asOf.ToUnixTimeMilliseconds(), rows);
        var result = new VectorRow[r.ItemIds.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new VectorRow(r.ItemIds[i], rows.AsSpan(i * width, width).ToArray());
        }

        return new VectorsResponse(r.Model, version, asOf, loaded.Builder.FeatureNames, result);
    }

    /// <summary>Score descending, ties in candidate order: a plain struct sort, no comparison closure per request.</summary>
    private readonly record struct ByScore(double Score, int Index) : IComparable<ByScore>
    {
        public int CompareTo(ByScore other)
        {
            var c = other.Score.CompareTo(Score);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
