using static System.FormattableString;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The automatic triggers of one model, looked at once per tick. Drift and performance need a memory of earlier looks
/// (how long the PSI has stayed high; the stable's cumulative clicks and impressions over the trailing window), which
/// is kept here, in memory: a restarted autopilot starts watching afresh, which only delays a trigger. Nothing fires
/// during the cool-down after a run, and a change of stable version starts the memory over.
/// </summary>
internal sealed class TriggerWatch
{
    private readonly List<CtrSample> _samples = [];
    private DateTimeOffset? _driftSince;
    private string? _version;

    /// <summary>The stable version's cumulative attributed clicks and impressions at one look.</summary>
    private readonly record struct CtrSample(DateTimeOffset At, long Clicks, long Impressions);

    /// <summary>Records this look and answers the trigger that fires, if any: drift first, then performance, then the schedule.</summary>
    public TriggerDecision? Evaluate(RetrainingPolicy policy, TriggerInputs inputs)
    {
        if (inputs.Stable is { } stable && stable.Version != _version)
        {
            _version = stable.Version;
            _samples.Clear();
            _driftSince = null;
        }

        var drift = DriftFor(policy, inputs);
        var performance = PerformanceFor(policy, inputs);
        if (inputs.LastRunEndedAt is { } ended && inputs.Now - ended < TimeSpan.FromSeconds(policy.CooldownSeconds))
        {
            return null;
        }

        return drift ?? performance ?? ScheduleFor(policy, inputs);
    }

    /// <summary>The largest PSI of the stable's inputs and score, when it has stayed at or above the threshold long enough.</summary>
    private TriggerDecision? DriftFor(RetrainingPolicy policy, TriggerInputs inputs)
    {
        var (feature, psi) = Largest(inputs.Stable);
        if (policy.DriftPsi <= 0 || feature is null || psi < policy.DriftPsi)
        {
            _driftSince = null;
            return null;
        }

        _driftSince ??= inputs.Now;
        var lasted = inputs.Now - _driftSince.Value;
        return lasted < TimeSpan.FromSeconds(policy.DriftSeconds) ? null
            : new TriggerDecision(RetrainingTriggers.Drift, Invariant($"drift: {feature} PSI {psi:F3} >= {policy.DriftPsi} for {lasted.TotalSeconds:F0} s"));
    }

    private static (string? Feature, double Psi) Largest(VariantReport? stable)
    {
        if (stable is null)
        {
            return (null, 0);
        }

        var largest = stable.Drift.Length == 0 ? null : stable.Drift.MaxBy(d => d.Psi);
        if (stable.ScorePsi is { } score && score > (largest?.Psi ?? 0))
        {
            return ("score", score);
        }

        return largest is null ? (null, 0) : (largest.Feature, largest.Psi);
    }

    /// <summary>
    /// The stable's CTR over the last <see cref="RetrainingPolicy.PerformanceRecentSeconds"/> against its CTR over the rest of
    /// the trailing window; fires when it fell by the policy's share or more, both parts having the minimum impressions.
    /// </summary>
    private TriggerDecision? PerformanceFor(RetrainingPolicy policy, TriggerInputs inputs)
    {
        if (!Sample(policy, inputs) || policy.PerformanceDrop <= 0)
        {
            return null;
        }

        var split = inputs.Now - TimeSpan.FromSeconds(policy.PerformanceRecentSeconds);
        var middle = _samples.LastOrDefault(s => s.At <= split);
        if (middle.At == default || middle == _samples[0])
        {
            return null;
        }

        var (first, last) = (_samples[0], _samples[^1]);
        var (trailingClicks, trailingImpressions) = (middle.Clicks - first.Clicks, middle.Impressions - first.Impressions);
        var (recentClicks, recentImpressions) = (last.Clicks - middle.Clicks, last.Impressions - middle.Impressions);
        if (trailingImpressions < policy.MinImpressions || recentImpressions < policy.MinImpressions)
        {
            return null;
        }

        var (trailing, recent) = ((double)trailingClicks / trailingImpressions, (double)recentClicks / recentImpressions);
        return recent > trailing * (1 - policy.PerformanceDrop) ? null
            : new TriggerDecision(RetrainingTriggers.Performance, Invariant(
                $"performance: stable CTR {recent:F4} over the last {policy.PerformanceRecentSeconds} s against {trailing:F4} before it (a drop of {policy.PerformanceDrop:P0} or more)"));
    }

    /// <summary>Adds this look's counts and forgets looks older than the window; false when there is nothing to compare.</summary>
    private bool Sample(RetrainingPolicy policy, TriggerInputs inputs)
    {
        if (inputs.Stable is not { } stable)
        {
            return false;
        }

        if (_samples.Count > 0 && (stable.Clicks < _samples[^1].Clicks || stable.Impressions < _samples[^1].Impressions))
        {
            _samples.Clear(); // the monitor restarted: its counts began again
        }

        _samples.Add(new CtrSample(inputs.Now, stable.Clicks, stable.Impressions));
        var horizon = inputs.Now - TimeSpan.FromSeconds(policy.PerformanceWindowSeconds);
        _samples.RemoveAll(s => s.At < horizon);
        return _samples.Count >= 3;
    }

    private static TriggerDecision? ScheduleFor(RetrainingPolicy policy, TriggerInputs inputs)
    {
        var since = inputs.Now - inputs.ScheduleFrom;
        return policy.ScheduleSeconds <= 0 || since < TimeSpan.FromSeconds(policy.ScheduleSeconds) ? null
            : new TriggerDecision(RetrainingTriggers.Schedule, Invariant($"schedule: {since.TotalSeconds:F0} s since {inputs.ScheduleFrom:u} (every {policy.ScheduleSeconds} s)"));
    }
}
