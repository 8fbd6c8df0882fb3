namespace OrleansRecsys.Grains;

/// <summary>
/// Per-variant results of one model (key: model name): serving statistics and drift bins pushed by every silo
/// each second, and outcomes attributed by ingestion. Kept in memory since activation: a report describes the
/// traffic this activation has seen (the report says since when).
/// </summary>
public sealed class ModelMonitorGrain : Grain, IModelMonitorGrain
{
    private const int MaxLatencySamples = 20_000;

    private sealed class VersionTotals
    {
        public long Requests, Errors, Fallbacks, Impressions, Clicks, Carts, Purchases;
        public readonly List<double> Latencies = [];
        public readonly Dictionary<string, long[]> FeatureBins = new(StringComparer.Ordinal);
        public long[]? ScoreBins;
        public readonly Random Sampler = new(17);
    }

    private readonly Dictionary<string, VersionTotals> _versions = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;

    private VersionTotals Totals(string version)
    {
        if (!_versions.TryGetValue(version, out var t))
        {
            _versions[version] = t = new VersionTotals();
        }

        return t;
    }

    public Task RecordServingAsync(VersionServingDelta[] deltas)
    {
        foreach (var d in deltas)
        {
            var t = Totals(d.Version);
            t.Requests += d.Requests;
            t.Errors += d.Errors;
            t.Fallbacks += d.Fallbacks;
            t.Impressions += d.Impressions;
            foreach (var l in d.LatenciesMs)
            {
                // Reservoir sampling keeps the percentiles unbiased however long the activation lives.
                if (t.Latencies.Count < MaxLatencySamples)
                {
                    t.Latencies.Add(l);
                }
                else if (t.Sampler.NextInt64(t.Requests) < MaxLatencySamples)
                {
                    t.Latencies[t.Sampler.Next(MaxLatencySamples)] = l;
                }
            }

            foreach (var (feature, bins) in d.FeatureBins)
            {
                Add(t.FeatureBins.TryGetValue(feature, out var existing) ? existing : t.FeatureBins[feature] = new long[bins.Length], bins);
            }

            if (d.ScoreBins is { } scores)
            {
                Add(t.ScoreBins ??= new long[scores.Length], scores);
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(long[] into, long[] from)
    {
        for (var i = 0; i < Math.Min(into.Length, from.Length); i++)
        {
            into[i] += from[i];
        }
    }

    public Task RecordOutcomesAsync(OutcomeDelta[] outcomes)
    {
        foreach (var o in outcomes)
        {
            var t = Totals(o.Version);
            t.Clicks += o.Clicks;
            t.Carts += o.Carts;
            t.Purchases += o.Purchases;
        }

        return Task.CompletedTask;
    }

    public async ValueTask<ModelReport> GetReportAsync()
    {
        var model = this.GetPrimaryKeyString();
        var plan = await GrainFactory.GetGrain<IRolloutCoordinatorGrain>(model).GetPlanAsync();
        var registry = GrainFactory.GetGrain<IModelRegistryGrain>(model);
        var variants = new List<VariantReport>();
        var drifting = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (version, t) in _versions.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var variant = version == plan?.Stable ? Variants.Stable : version == plan?.Canary ? Variants.Canary
                : plan?.Shadow.Contains(version) == true ? Variants.Shadow : Variants.Retired;
            var manifest = (await registry.GetAsync(version))?.Manifest;
            var drift = new List<FeatureDrift>();
            double? scorePsi = null, scoreKs = null;
            if (manifest is not null)
            {
                foreach (var (feature, bins) in t.FeatureBins.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    if (manifest.ReferenceHistograms.TryGetValue(feature, out var reference) && ReportMath.Psi(reference.Counts, bins) is var psi && double.IsFinite(psi))
                    {
                        drift.Add(new FeatureDrift(feature, psi, ReportMath.PsiLevel(psi)));
                        if (psi >= 0.1)
                        {
                            drifting.Add(feature);
                        }
                    }
                }

                if (manifest.ScoreHistogram is { } scoreReference && t.ScoreBins is { } scoreBins)
                {
                    scorePsi = ReportMath.Psi(scoreReference.Counts, scoreBins);
                    scoreKs = ReportMath.Ks(scoreReference.Counts, scoreBins);
                }
            }

            variants.Add(new VariantReport(variant, version, t.Requests, RolloutRules.Quantile(t.Latencies, 0.5), RolloutRules.Quantile(t.Latencies, 0.99),
                Rate(t.Errors, t.Requests), Rate(t.Fallbacks, t.Requests), t.Impressions, t.Clicks, t.Purchases, ReportMath.Wilson(t.Clicks, t.Impressions),
                drift.ToArray(), scorePsi, scoreKs));
        }

        Interval? difference = null;
        if (plan?.Canary is { } canary && _versions.TryGetValue(canary, out var c) && plan.Stable is { } stable && _versions.TryGetValue(stable, out var s))
        {
            difference = ReportMath.Difference(c.Clicks, c.Impressions, s.Clicks, s.Impressions);
        }

        return new ModelReport(model, _since, variants.ToArray(), difference, drifting.ToArray());
    }

    private static double Rate(long n, long d) => d == 0 ? 0 : (double)n / d;
}
