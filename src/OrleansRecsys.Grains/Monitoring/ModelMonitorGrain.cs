using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Per-variant results of one model (key: model name): serving statistics and drift bins pushed by every silo
/// each second, and outcomes attributed by ingestion (each counted once, by source offset). Kept in memory since
/// activation: a report describes the traffic this activation has seen (the report says since when), except drift,
/// which compares the last <see cref="GridOptions.DriftWindowSeconds"/> of traffic with the training reference, so it
/// rises when traffic shifts and falls again once the shift is over.
/// </summary>
internal sealed class ModelMonitorGrain(RecsysMetrics metrics, IOptions<GridOptions> options) : Grain, IModelMonitorGrain
{
    private const int MaxLatencySamples = 20_000;

    private sealed class VersionTotals
    {
        public long Requests, Errors, Fallbacks, Impressions, Clicks, Carts, Purchases, CircuitOpen;
        public readonly List<double> Latencies = [];
        public readonly Dictionary<string, SlidingBins> FeatureBins = new(StringComparer.Ordinal);
        public SlidingBins? ScoreBins;
        public long VectorRows;
        public readonly Dictionary<string, long[]> FeatureFallbacks = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long[]> DataQuality = new(StringComparer.Ordinal);
        public readonly Random Sampler = new(17);
    }

    private readonly Dictionary<string, VersionTotals> _versions = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;
    private readonly OutcomeWatermarks _outcomeWatermarks = new();
    private readonly TimeSpan _driftWindow = TimeSpan.FromSeconds(options.Value.DriftWindowSeconds);

    private VersionTotals Totals(string version)
    {
        if (!_versions.TryGetValue(version, out var totals))
        {
            _versions[version] = totals = new VersionTotals();
        }

        return totals;
    }

    /// <summary>Per model input that was served a fallback, the expired and missing shares of its values (by name).</summary>
    private static FeatureFreshnessShare[] FreshnessShares(VersionTotals totals) =>
        totals.FeatureFallbacks.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new FeatureFreshnessShare(f.Key, Rate(f.Value[0], totals.VectorRows), Rate(f.Value[1], totals.VectorRows)))
            .ToArray();

    public Task RecordServingAsync(VersionServingDelta[] deltas)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var delta in deltas)
        {
            var totals = Totals(delta.Version);
            totals.Requests += delta.Requests;
            totals.Errors += delta.Errors;
            totals.Fallbacks += delta.Fallbacks;
            totals.CircuitOpen += delta.CircuitOpen;
            totals.Impressions += delta.Impressions;
            foreach (var latency in delta.LatenciesMs)
            {
                // Reservoir sampling keeps the percentiles unbiased however long the activation lives.
                if (totals.Latencies.Count < MaxLatencySamples)
                {
                    totals.Latencies.Add(latency);
                }
                else if (totals.Sampler.NextInt64(totals.Requests) < MaxLatencySamples)
                {
                    totals.Latencies[totals.Sampler.Next(MaxLatencySamples)] = latency;
                }
            }

            totals.VectorRows += delta.VectorRows;
            AddCounts(totals.FeatureFallbacks, delta.FeatureFallbacks);
            AddCounts(totals.DataQuality, delta.DataQuality);

            foreach (var (feature, bins) in delta.FeatureBins)
            {
                var window = totals.FeatureBins.TryGetValue(feature, out var existing) ? existing : totals.FeatureBins[feature] = new SlidingBins(bins.Length, _driftWindow);
                window.Add(now, bins);
            }

            if (delta.ScoreBins is { } scores)
            {
                (totals.ScoreBins ??= new SlidingBins(scores.Length, _driftWindow)).Add(now, scores);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds per-feature counts of a delta (null from a silo that sent none) into the activation's totals.</summary>
    private static void AddCounts(Dictionary<string, long[]> totals, Dictionary<string, long[]>? delta)
    {
        foreach (var (feature, counts) in delta ?? [])
        {
            AddInto(totals.TryGetValue(feature, out var existing) ? existing : totals[feature] = new long[counts.Length], counts);
        }
    }

    private static void AddInto(long[] into, long[] from)
    {
        for (var i = 0; i < Math.Min(into.Length, from.Length); i++)
        {
            into[i] += from[i];
        }
    }

    /// <summary>Adds outcomes not counted before (<see cref="OutcomeWatermarks"/>) to versions the registry holds. Serving
    /// statistics come from the silos that served a version, but outcomes come from events anyone with the ingest role
    /// can send, so a version heard of only through them is checked first: an entry is never made for a version that
    /// was not registered.</summary>
    public async Task RecordOutcomesAsync(SourcedOutcome[] outcomes)
    {
        foreach (var outcome in _outcomeWatermarks.TakeNew(outcomes))
        {
            if (!_versions.ContainsKey(outcome.Version) && await GrainFactory.GetGrain<IModelRegistryGrain>(this.GetPrimaryKeyString()).GetAsync(outcome.Version) is null)
            {
                metrics.OutcomesUnattributed(UnattributedReasons.UnknownVersion);
                continue;
            }

            var totals = Totals(outcome.Version);
            switch (outcome.Type)
            {
                case InteractionType.Click:
                    totals.Clicks++;
                    break;
                case InteractionType.AddToCart:
                    totals.Carts++;
                    break;
                case InteractionType.Purchase:
                    totals.Purchases++;
                    break;
            }
        }
    }

    public async ValueTask<ModelReport> GetReportAsync()
    {
        var model = this.GetPrimaryKeyString();
        var coordinator = GrainFactory.GetGrain<IRolloutCoordinatorGrain>(model);
        var plan = await coordinator.GetPlanAsync();
        var registry = GrainFactory.GetGrain<IModelRegistryGrain>(model);
        var variants = new List<VariantReport>();
        var quality = new List<VersionDataQuality>();
        var drifting = new SortedSet<string>(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (version, totals) in _versions.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var variant = VariantOf(plan, version);
            var manifest = (await registry.GetAsync(version))?.Manifest;
            var (drift, scorePsi, scoreKs) = DriftOf(manifest, totals, now, drifting);
            variants.Add(new VariantReport(variant, version, totals.Requests, ReportMath.Quantile(totals.Latencies, 0.5), ReportMath.Quantile(totals.Latencies, 0.99),
                Rate(totals.Errors, totals.Requests), Rate(totals.Fallbacks, totals.Requests), totals.Impressions, totals.Clicks, totals.Purchases, ReportMath.Wilson(totals.Clicks, totals.Impressions),
                drift, scorePsi, scoreKs, Rate(totals.CircuitOpen, totals.Requests), FreshnessShares(totals), totals.VectorRows));
            if (totals.VectorRows > 0)
            {
                quality.Add(DataQualityRates.Of(version, variant, manifest, totals.VectorRows, totals.FeatureFallbacks, totals.DataQuality));
            }
        }

        return new ModelReport(model, _since, variants.ToArray(), CanaryDifference(plan), drifting.ToArray(), await coordinator.GetGuardrailReportAsync(),
            Arms: await CompareArmsAsync(plan, coordinator), DataQuality: new DataQualityReport(quality.ToArray()), Retraining: await RetrainingAsync(model));
    }

    /// <summary>The part <paramref name="version"/> plays in the plan; a version the plan no longer names is retired.</summary>
    private static string VariantOf(RolloutPlan? plan, string version) =>
        version == plan?.Stable ? Variants.Stable
        : plan is not null && RolloutArms.Contains(plan, version) ? Variants.Canary
        : plan?.Shadow.Contains(version) == true ? Variants.Shadow
        : Variants.Retired;

    /// <summary>
    /// A version's live inputs and scores over the drift window against its manifest's training reference (nothing
    /// without a manifest); features that drift at least moderately are added to <paramref name="drifting"/>.
    /// </summary>
    private static (FeatureDrift[] Features, double? ScorePsi, double? ScoreKs) DriftOf(ModelManifest? manifest, VersionTotals totals, long now,
        SortedSet<string> drifting)
    {
        if (manifest is null)
        {
            return ([], null, null);
        }

        var drift = new List<FeatureDrift>();
        foreach (var (feature, window) in totals.FeatureBins.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (manifest.ReferenceHistograms.TryGetValue(feature, out var reference) && ReportMath.Psi(reference.Counts, window.Total(now)) is var psi && double.IsFinite(psi))
            {
                drift.Add(new FeatureDrift(feature, psi, ReportMath.PsiLevel(psi)));
                if (psi >= 0.1)
                {
                    drifting.Add(feature);
                }
            }
        }

        if (manifest.ScoreHistogram is not { } scoreReference || totals.ScoreBins?.Total(now) is not { } scoreBins)
        {
            return (drift.ToArray(), null, null);
        }

        // Undefined measures (no live scores yet) are left out rather than sent as NaN, which JSON cannot carry.
        return (drift.ToArray(), FiniteOrNull(ReportMath.Psi(scoreReference.Counts, scoreBins)), FiniteOrNull(ReportMath.Ks(scoreReference.Counts, scoreBins)));
    }

    /// <summary>The canary's click-through rate minus the stable's, with its interval; null without both in the plan and seen here.</summary>
    private Interval? CanaryDifference(RolloutPlan? plan) =>
        plan?.Canary is { } canary && _versions.TryGetValue(canary, out var canaryTotals) && plan.Stable is { } stable && _versions.TryGetValue(stable, out var stableTotals)
            ? ReportMath.Difference(canaryTotals.Clicks, canaryTotals.Impressions, stableTotals.Clicks, stableTotals.Impressions)
            : null;

    /// <summary>The autopilot's status when the model has one (a policy, or runs), so failures show in the report.</summary>
    private async Task<RetrainingStatus?> RetrainingAsync(string model)
    {
        var status = await GrainFactory.GetGrain<IRetrainingGrain>(model).GetStatusAsync();
        return status.Enabled || status.Current is not null || status.Last is not null ? status : null;
    }

    /// <summary>Every arm of the plan against the stable version (<see cref="ArmStatistics"/>); null when the plan has no arm.</summary>
    private async Task<ArmComparison[]?> CompareArmsAsync(RolloutPlan? plan, IRolloutCoordinatorGrain coordinator)
    {
        if (plan?.Stable is not { } stable || !RolloutArms.Any(plan))
        {
            return null;
        }

        var guardrails = await coordinator.GetArmGuardrailReportsAsync();
        var samples = RolloutArms.Of(plan).Select(arm =>
        {
            var totals = _versions.GetValueOrDefault(arm.Version);
            return new ArmSample(arm.Version, arm.Weight, totals?.Clicks ?? 0, totals?.Impressions ?? 0,
                Array.Find(guardrails, g => g.Canary.Version == arm.Version));
        }).ToArray();
        var stableTotals = _versions.GetValueOrDefault(stable);
        return ArmStatistics.Compare(samples, stableTotals?.Clicks ?? 0, stableTotals?.Impressions ?? 0);
    }

    private static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;

    private static double Rate(long count, long requests) => requests == 0 ? 0 : (double)count / requests;
}
