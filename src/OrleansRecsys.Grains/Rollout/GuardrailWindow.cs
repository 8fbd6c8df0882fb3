using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>Sliding window of per-version request outcomes reported by silos, judged against a plan's guardrails.</summary>
internal sealed class GuardrailWindow(TimeSpan length)
{
    /// <summary>The p99 is judged on at most this many of the newest latency samples, so each evaluation stays cheap.</summary>
    public const int MaxLatencySamples = 20_000;

    private readonly Queue<(DateTime At, VariantStats Stats)> _samples = new();

    public void Clear() => _samples.Clear();

    public void Add(VariantStats[] stats)
    {
        var now = DateTime.UtcNow;
        foreach (var versionStats in stats)
        {
            _samples.Enqueue((now, versionStats));
        }

        while (_samples.Count > 0 && now - _samples.Peek().At > length)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>The breached guardrail, or null while the canary is within bounds or has too few requests.</summary>
    public string? Evaluate(RolloutPlan plan)
    {
        var canary = Sum(plan.Canary, withLatencies: true);
        var stable = Sum(plan.Stable, withLatencies: false);
        var guardrails = plan.Guardrails;
        if (canary.Requests < guardrails.MinRequests)
        {
            return null;
        }

        var errorRate = (double)canary.Errors / canary.Requests;
        if (errorRate > guardrails.MaxErrorRate)
        {
            return $"error rate {errorRate:P1} > {guardrails.MaxErrorRate:P1} over {canary.Requests} requests";
        }

        var p99 = ReportMath.Quantile(canary.Latencies, 0.99);
        if (p99 > guardrails.MaxP99Ms)
        {
            return $"p99 latency {p99:F1} ms > {guardrails.MaxP99Ms:F1} ms over {canary.Requests} requests";
        }

        var canaryFallback = (double)canary.Fallbacks / canary.Requests;
        var stableFallback = stable.Requests == 0 ? 0 : (double)stable.Fallbacks / stable.Requests;
        var delta = canaryFallback - stableFallback;
        return delta > guardrails.MaxFallbackRateDelta
            ? $"fallback rate {canaryFallback:P1} exceeds stable's {stableFallback:P1} by more than {guardrails.MaxFallbackRateDelta:P1}"
            : null;
    }

    /// <summary>What one version served in the window; latencies only when asked, newest first.</summary>
    private readonly record struct WindowTotals(long Requests, long Errors, long Fallbacks, List<double> Latencies);

    private WindowTotals Sum(string? version, bool withLatencies)
    {
        long requests = 0, errors = 0, fallbacks = 0;
        var latencies = new List<double>();
        foreach (var (_, stats) in _samples.Reverse())
        {
            if (stats.Version != version)
            {
                continue;
            }

            requests += stats.Requests;
            errors += stats.Errors;
            fallbacks += stats.Fallbacks;
            if (withLatencies && latencies.Count < MaxLatencySamples)
            {
                latencies.AddRange(stats.LatenciesMs.Take(MaxLatencySamples - latencies.Count));
            }
        }

        return new WindowTotals(requests, errors, fallbacks, latencies);
    }
}
