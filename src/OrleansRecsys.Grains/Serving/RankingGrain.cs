using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;
using OrleansRecsys.Grains.Features;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Resilience;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// The ranking entry point: a stateless worker in the caller's silo. Plan from the silo cache, user features
/// with one grain call, item features from the silo replica, vectors from the shared builder, scores from the
/// model-version grain; past the deadline or on any model failure, the popularity baseline answers.
/// <para>
/// Reentrant: a stateless worker has at most one activation per core, and a non-reentrant one serves one request at a
/// time, so a request waiting out its deadline on a slow model would hold a whole activation, and a slow version would
/// throttle every model's ranking in the silo to a few requests per deadline. The grain keeps no state between requests;
/// admission control bounds how many are in progress.
/// </para>
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class RankingGrain(
    RolloutPlanCache plans,
    ModelSessionCache sessions,
    ItemFeatureCache items,
    FeatureEngine engine,
    VariantStatsCollector stats,
    ShadowScorer shadow,
    RankingRecorder recorder,
    RequestIdSigner requestIds,
    RankPathGrains rankPath,
    ModelCircuitBreakers circuits,
    RankExplainer explainer,
    CandidateGenerator candidateGenerator,
    IOptions<GridOptions> options) : Grain, IRankingGrain
{
    /// <summary>What is fixed when a rank request arrives (a struct: nothing to allocate for it).</summary>
    private readonly record struct RankingCall(RankRequest Request, DateTimeOffset AsOf, long StartedTimestamp, bool LogPrediction);

    /// <summary>One scoring of a routed version, passed through the version's circuit breaker without a closure.</summary>
    private readonly record struct ScoringCall(RankingGrain Grain, RankRequest Request, string Version, long AsOfMs, string[] Shadows, bool LogVectors,
        ScoringProgress Progress, TimeSpan Deadline, bool Shortened, long StartedTimestamp)
    {
        /// <summary>When the request's deadline passes (UTC, milliseconds): a run of the version not started by then never starts.</summary>
        public long DeadlineUnixMs => AsOfMs + (long)Deadline.TotalMilliseconds;
    }

    public async ValueTask<RankResponse> RankAsync(RankRequest request)
    {
        var call = new RankingCall(request, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp(), Sample(options.Value.PredictionSampleRate));
        var abandoned = CallerWait.HasAnswered(TimeProvider.System);
        CheckContext(request.Context);
        var plan = await PlanAsync(request.Model);
        if (request.Version is { } pinned)
        {
            return abandoned ? Abandon(request, Variants.Pinned, pinned) : await RankPinnedAsync(call, pinned);
        }

        if (plan?.Stable is null)
        {
            var requestId = request.RequestId ?? RequestIds.Unversioned();
            return Respond(call, new RankingOutcome(requestId, Variants.None, null, ScoringResult.Fallback(FallbackReasons.NoModel)));
        }

        var (variant, version) = RolloutMath.Route(plan, request.UserId);
        if (abandoned)
        {
            return Abandon(request, variant, version!);
        }

        var logVectors = call.LogPrediction && Sample(options.Value.PredictionVectorSampleRate);
        var progress = new ScoringProgress();
        var deadline = TimeSpan.FromMilliseconds(request.DeadlineMs > 0 ? request.DeadlineMs : options.Value.DeadlineMs);
        var shortened = request.DeadlineMs > 0 && request.DeadlineMs < options.Value.DeadlineMs;
        var scoring = new ScoringCall(this, request, version!, call.AsOf.ToUnixTimeMilliseconds(), plan.Shadow, logVectors, progress, deadline, shortened,
            call.StartedTimestamp);
        var circuit = circuits.Enabled ? circuits.For(request.Model, version!) : null;
        ScoringResult result;
        if (circuit is null || circuit.IsClosed)
        {
            // Inline rather than through ScoreWithinDeadlineAsync: one state machine fewer on every request.
            var scored = await ScoringDeadline.AwaitAsync(ScoreAsync(request, version!, scoring.AsOfMs, scoring.DeadlineUnixMs, plan.Shadow, logVectors, progress),
                deadline - Stopwatch.GetElapsedTime(call.StartedTimestamp));
            result = MarkModelFault(scored, scoring);
            circuit?.Record(result, progress.ModelTime());
        }
        else
        {
            result = await circuit.ExecuteAsync(static s => s.Grain.ScoreWithinDeadlineAsync(s), scoring);
        }

        var guardrail = progress.Sample(request.Candidates.Length, result, RankingOutcome.IsModelFailure(result), deadline, shortened);
        var response = Respond(call, new RankingOutcome(request.RequestId ?? requestIds.New(request.Model, version!, request.UserId), variant, version, result, guardrail));
        return request.Explain ? await explainer.ExplainAsync(request, response, result, Stopwatch.GetElapsedTime(call.StartedTimestamp) < deadline) : response;
    }

    /// <summary>
    /// A call its caller has answered already (<see cref="CallerWait"/>): it waited in the silo's queues past the caller's
    /// deadline and grace, so nobody reads this answer. It is not scored (under overload, the cores go to calls that can
    /// still be answered in time) nor recorded as served; the version's circuit judges it
    /// (<see cref="ModelCircuit.RecordAbandoned"/>) unless the caller asked for a shorter deadline than the grid's.
    /// </summary>
    private RankResponse Abandon(RankRequest request, string variant, string version)
    {
        var shortened = request.DeadlineMs > 0 && request.DeadlineMs < options.Value.DeadlineMs;
        if (circuits.Enabled && !shortened && variant != Variants.Pinned)
        {
            circuits.For(request.Model, version).RecordAbandoned(TimeSpan.FromMilliseconds(request.DeadlineMs > 0 ? request.DeadlineMs : options.Value.DeadlineMs));
        }

        return new RankResponse(request.RequestId ?? RequestIds.Unversioned(), request.Model, version, variant, true, FallbackReasons.Deadline, DateTimeOffset.UtcNow, []);
    }

    /// <summary>
    /// A call pinned to a version: no routing, no shadows, and an unsigned request id, so nothing it leads to is attributed;
    /// the recorder keeps it out of the variants' statistics. A version the model lacks, or a retired one, ends the call.
    /// </summary>
    private async ValueTask<RankResponse> RankPinnedAsync(RankingCall call, string version)
    {
        var request = call.Request;
        var info = await GrainFactory.GetGrain<IModelRegistryGrain>(request.Model).GetAsync(version);
        if (info is null || info.Status == ModelStatus.Retired)
        {
            throw new UnknownVersionException(request.Model, version, retired: info is not null);
        }

        var logVectors = call.LogPrediction && Sample(options.Value.PredictionVectorSampleRate);
        var deadline = TimeSpan.FromMilliseconds(request.DeadlineMs > 0 ? request.DeadlineMs : options.Value.DeadlineMs);
        var asOfMs = call.AsOf.ToUnixTimeMilliseconds();
        var scoring = ScoreAsync(request, version, asOfMs, asOfMs + (long)deadline.TotalMilliseconds, [], logVectors, new ScoringProgress());
        var result = await ScoringDeadline.AwaitAsync(scoring, deadline - Stopwatch.GetElapsedTime(call.StartedTimestamp));
        return Respond(call, new RankingOutcome(request.RequestId ?? RequestIds.Unversioned(), Variants.Pinned, version, result));
    }

    /// <summary>A context entry the catalogue does not declare, or of the wrong type, is the caller's mistake and ends the
    /// request (<see cref="InvalidContextException"/>, a 400 over HTTP naming <c>context.KEY</c>).</summary>
    private void CheckContext(ServingContext? context)
    {
        if (context is not null && (RequestRules.Context(context) ?? engine.Catalog.CheckContext(context)) is { } broken)
        {
            throw new InvalidContextException(broken.Field, broken.Message);
        }
    }

    /// <summary>The model's plan (null when it has no servable version, which falls back); a name never registered is the
    /// caller's mistake and ends the request (<see cref="UnknownModelException"/>, a 404 over HTTP).</summary>
    private async ValueTask<RolloutPlan?> PlanAsync(string model)
    {
        var lookup = await plans.LookupAsync(model);
        return lookup.Registered ? lookup.Plan : throw new UnknownModelException(model);
    }

    /// <summary>Scores within what is left of the deadline, marking a failure the version caused itself (an error, or a
    /// deadline it used up) for its circuit breaker.</summary>
    private async ValueTask<ScoringResult> ScoreWithinDeadlineAsync(ScoringCall call)
    {
        var scoring = ScoreAsync(call.Request, call.Version, call.AsOfMs, call.DeadlineUnixMs, call.Shadows, call.LogVectors, call.Progress);
        return MarkModelFault(await ScoringDeadline.AwaitAsync(scoring, call.Deadline - Stopwatch.GetElapsedTime(call.StartedTimestamp)), call);
    }

    private static ScoringResult MarkModelFault(ScoringResult result, ScoringCall call) =>
        call.Progress.MarkModelFault(result, call.Deadline, Stopwatch.GetElapsedTime(call.StartedTimestamp), call.Shortened);

    /// <param name="deadlineUnixMs">When the caller stops waiting: the version's instances never start a run for it after that.</param>
    private async ValueTask<ScoringResult> ScoreAsync(RankRequest request, string version, long asOfMs, long deadlineUnixMs, string[] shadows, bool logVectors,
        ScoringProgress progress)
    {
        var (loaded, _) = await sessions.GetAsync(request.Model, version);
        progress.Judged = loaded?.CountRequest() ?? true;
        if (loaded is null)
        {
            return ScoringResult.Fallback(FallbackReasons.ModelUnhealthy);
        }

        var candidates = request.Candidates;
        var length = candidates.Length * loaded.Builder.Width;
        var rows = ArrayPool<float>.Shared.Rent(length);
        var states = ArrayPool<EntityState>.Shared.Rent(candidates.Length);
        var quality = ArrayPool<int>.Shared.Rent(DataQualityKinds.All.Length * loaded.Builder.Width);
        try
        {
            // The reads of ReadStatesAsync, inline: its own state machine would be one more allocation per request.
            var userTask = rankPath.User(request.UserId).GetStateAsync();
            await items.GetManyAsync(candidates, states);
            var user = (await userTask).Value;
            BuildRows(loaded, user, request.Context, candidates, states.AsSpan(0, candidates.Length), asOfMs, rows.AsSpan(0, length), quality,
                counted: request.Version is null);
            foreach (var shadowVersion in shadows)
            {
                shadow.Enqueue(request.Model, shadowVersion, rows.AsSpan(0, length), candidates.Length);
            }

            progress.ModelCallStarting();
            var result = await rankPath.ModelVersion(request.Model, version).ScoreByAsync(new Immutable<float[]>(rows), candidates.Length, deadlineUnixMs);
            if (result.Scores is null)
            {
                return ScoringResult.Fallback(FallbackReasons.ModelError, loaded.Builder.FeatureNames);
            }

            if (request.Version is null)
            {
                // A pinned call is outside the experiment: its traffic must not move the version's drift either.
                stats.RecordDrift(loaded.Manifest, rows.AsSpan(0, length), candidates.Length, result.Scores);
            }
            return ScoringResult.Scored(result.Scores, loaded.Builder.FeatureNames, logVectors ? Rented(rows.AsSpan(0, length)) : null, result.ScorerMs,
                request.Explain ? Rented(rows.AsSpan(0, length)) : null);
        }
        finally
        {
            // Cleared: the pool must not keep item states alive.
            ArrayPool<EntityState>.Shared.Return(states, clearArray: true);
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<int>.Shared.Return(quality);
        }
    }

    /// <summary>The model's input rows, counting per input the values of each data-quality kind (served as the fallback
    /// because expired or missing, replaced as not finite, outside the training range), and on a sample of requests the
    /// values' ages for the staleness histogram; a pinned call (<paramref name="counted"/> false) is built alike but
    /// counted nowhere.</summary>
    private void BuildRows(LoadedModel loaded, EntityState user, ServingContext? context, string[] candidates, ReadOnlySpan<EntityState> states, long asOfMs,
        Span<float> rows, int[] quality, bool counted)
    {
        var width = loaded.Builder.Width;
        var counts = quality.AsSpan(0, DataQualityKinds.All.Length * width);
        counts.Clear();
        loaded.Builder.Build(user, context, candidates, states, asOfMs, rows, Kind(counts, DataQualityKinds.Expired, width),
            Kind(counts, DataQualityKinds.Missing, width), Kind(counts, DataQualityKinds.NonFinite, width));
        if (!counted)
        {
            // A pinned call is outside the experiment: it must not make its version appear in the report.
            return;
        }

        loaded.Ranges.CountOutside(rows, candidates.Length, Kind(counts, DataQualityKinds.OutOfRange, width));
        stats.RecordInputs(loaded.Manifest, candidates.Length, counts);
        if (stats.SampleStaleness())
        {
            var ages = ArrayPool<double>.Shared.Rent(rows.Length);
            try
            {
                loaded.Builder.ReadAges(user, context, candidates, states, asOfMs, ages.AsSpan(0, rows.Length));
                stats.RecordStaleness(loaded.Builder.FeatureNames, ages.AsSpan(0, rows.Length));
            }
            finally
            {
                ArrayPool<double>.Shared.Return(ages);
            }
        }
    }

    /// <summary>The counters of one data-quality kind, one per input.</summary>
    private static Span<int> Kind(Span<int> counts, string kind, int width) => counts.Slice(Array.IndexOf(DataQualityKinds.All, kind) * width, width);

    /// <summary>The user's state (one grain call) and the items' states (the silo replica, into <paramref name="states"/>),
    /// read concurrently.</summary>
    private async ValueTask<EntityState> ReadStatesAsync(string userId, string[] itemIds, EntityState[] states)
    {
        var userTask = rankPath.User(userId).GetStateAsync();
        await items.GetManyAsync(itemIds, states);
        return (await userTask).Value;
    }

    /// <summary>A pooled copy of the rows for the prediction log, whose sink returns it (see <see cref="RankRequestContext"/>), or for
    /// <see cref="RankExplainer"/>, which returns it.</summary>
    private static float[] Rented(ReadOnlySpan<float> rows)
    {
        var copy = ArrayPool<float>.Shared.Rent(rows.Length);
        rows.CopyTo(copy);
        return copy;
    }

    private static bool Sample(double rate) => rate >= 1 || (rate > 0 && Random.Shared.NextDouble() < rate);

    private RankResponse Respond(RankingCall call, RankingOutcome outcome)
    {
        var response = RankResponseBuilder.Build(call.Request, call.AsOf, outcome,
            outcome.Scoring.Scores is null ? PopularityAt(call.AsOf.ToUnixTimeMilliseconds()) : static _ => 0);
        recorder.Record(call.Request, response, outcome, Stopwatch.GetElapsedTime(call.StartedTimestamp).TotalMilliseconds, call.LogPrediction);
        return response;
    }

    /// <summary>Popularity from the item replica at the request time (the baseline's order). A method of its own, so the
    /// closure is made here and only called for when the baseline answers, not on every request.</summary>
    private Func<string, double> PopularityAt(long asOfMs) => itemId => ItemFeatureGrain.Popularity(engine.Catalog, items.Peek(itemId), asOfMs);

    /// <summary>Rank over the grid's own candidates (<see cref="CandidateGenerator"/>, the same as batch precompute's), each
    /// answered item naming the source that proposed it.</summary>
    public async ValueTask<RankResponse> RecommendAsync(RecommendRequest request)
    {
        CheckContext(request.Context);
        await PlanAsync(request.Model); // an unknown model is refused before the candidates are gathered
        var user = (await GrainFactory.GetGrain<IUserFeatureStateGrain>(request.UserId).GetStateAsync()).Value;
        var candidates = await candidateGenerator.GenerateAsync(user, request.Exclude, new GrainCandidateSources(GrainFactory, items));
        if (candidates.Length == 0)
        {
            return new RankResponse(request.RequestId ?? RequestIds.Unversioned(), request.Model, null, Variants.None, true, FallbackReasons.NoCandidates,
                DateTimeOffset.UtcNow, []);
        }

        var response = await RankAsync(new RankRequest(request.UserId, RecommendedItems.Ids(candidates), request.K, request.Model, request.RequestId, request.DeadlineMs,
            request.Explain, request.Version, request.Context));
        return response with { Items = RecommendedItems.WithSources(response.Items, candidates) };
    }

    public async ValueTask<VectorsResponse> GetVectorsAsync(VectorsRequest request)
    {
        var asOf = DateTimeOffset.UtcNow;
        CheckContext(request.Context);
        var plan = await plans.GetAsync(request.Model);
        if (plan?.Stable is null)
        {
            return new VectorsResponse(request.Model, null, asOf, [], []);
        }

        var (_, version) = RolloutMath.Route(plan, request.UserId);
        var (loaded, _) = await sessions.GetAsync(request.Model, version!);
        if (loaded is null)
        {
            return new VectorsResponse(request.Model, version, asOf, [], []);
        }

        var states = new EntityState[request.ItemIds.Length];
        var user = await ReadStatesAsync(request.UserId, request.ItemIds, states);
        var width = loaded.Builder.Width;
        var rows = new float[request.ItemIds.Length * width];
        loaded.Builder.Build(user, request.Context, request.ItemIds, states, asOf.ToUnixTimeMilliseconds(), rows, default, default);
        var result = new VectorRow[request.ItemIds.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new VectorRow(request.ItemIds[i], rows.AsSpan(i * width, width).ToArray());
        }

        return new VectorsResponse(request.Model, version, asOf, loaded.Builder.FeatureNames, result);
    }
}
