namespace OrleansRecsys.Grains;

/// <summary>Sliding window of per-version request outcomes reported by silos, judged against a plan's guardrails.</summary>
public sealed class GuardrailWindow(TimeSpan length)
{
    /// <summary>The p99 is judged on at most this many of the newest latency samples, so each evaluation stays cheap.</summary>
    public const int MaxLatencySamples = 20_000;

    private readonly Queue<(DateTime At, VariantStats Stats)> _samples = new();

    public void Clear() => _samples.Clear();

    public void Add(VariantStats[] stats)
    {
        var now = DateTime.UtcNow;
        foreach (var s in stats)
        {
            _samples.Enqueue((now, s));
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
        var g = plan.Guardrails;
        if (canary.Requests < g.MinRequests)
        {
            return null;
        }

        var errorRate = (double)canary.Errors / canary.Requests;
        if (errorRate > g.MaxErrorRate)
        {
            return $"error rate {errorRate:P1} > {g.MaxErrorRate:P1} over {canary.Requests} requests";
        }

        var p99 = RolloutRules.Quantile(canary.Latencies, 0.99);
        if (p99 > g.MaxP99Ms)
        {
            return $"p99 latency {p99:F1} ms > {g.MaxP99Ms:F1} ms over {canary.Requests} requests";
        }

        var canaryFallback = (double)canary.Fallbacks / canary.Requests;
        var stableFallback = stable.Requests == 0 ? 0 : (double)stable.Fallbacks / stable.Requests;
        var delta = canaryFallback - stableFallback;
        return delta > g.MaxFallbackRateDelta
            ? $"fallback rate {canaryFallback:P1} exceeds stable's {stableFallback:P1} by more than {g.MaxFallbackRateDelta:P1}"
            : null;
    }

    private (long Requests, long Errors, long Fallbacks, List<double> Latencies) Sum(string? version, bool withLatencies)
    {
        long r = 0, e = 0, f = 0;
        var lat = new List<double>();
        foreach (var (_, s) in _samples.Reverse())
        {
            if (s.Version != version)
            {
                continue;
            }

            r += s.Requests;
            e += s.Errors;
            f += s.Fallbacks;
            if (withLatencies && lat.Count < MaxLatencySamples)
            {
                lat.AddRange(s.LatenciesMs.Take(MaxLatencySamples - lat.Count));
            }
        }

        return (r, e, f, lat);
    }
}
