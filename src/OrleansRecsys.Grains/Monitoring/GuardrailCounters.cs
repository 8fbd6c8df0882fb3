namespace OrleansRecsys.Grains.Monitoring;

/// <summary>What one version served in this silo since the last report, for guardrails: per request-size class. Not thread-safe; the collector locks it.</summary>
internal sealed class GuardrailCounters
{
    /// <summary>At most this many scoring-time samples per class and report; enough for a median, bounded under any load.</summary>
    public const int MaxSamplesPerClass = 256;

    private readonly long[] _requests = new long[RequestSizeClass.Count];
    private readonly long[] _errors = new long[RequestSizeClass.Count];
    private readonly long[] _fallbacks = new long[RequestSizeClass.Count];
    private readonly List<double>?[] _samples = new List<double>?[RequestSizeClass.Count];
    private long _warmUp;
    private bool _any;

    public void Add(GuardrailSample sample)
    {
        _any = true;
        if (!sample.Judged)
        {
            _warmUp++;
            return;
        }

        var k = RequestSizeClass.Of(sample.Rows);
        _requests[k]++;
        _errors[k] += sample.Error ? 1 : 0;
        _fallbacks[k] += sample.Fallback ? 1 : 0;
        if (double.IsFinite(sample.ScoreUsPerRow))
        {
            var samples = _samples[k] ??= [];
            if (samples.Count < MaxSamplesPerClass)
            {
                samples.Add(sample.ScoreUsPerRow);
            }
        }
    }

    /// <summary>The report of what was counted since the last one (null when nothing was), and a fresh start.</summary>
    public VariantStats? Take(string version)
    {
        if (!_any)
        {
            return null;
        }

        var classes = new List<SizeClassStats>();
        for (var k = 0; k < RequestSizeClass.Count; k++)
        {
            if (_requests[k] > 0)
            {
                classes.Add(new SizeClassStats(k, _requests[k], _errors[k], _fallbacks[k], _samples[k]?.ToArray() ?? []));
            }
        }

        var stats = new VariantStats(version, classes.ToArray(), _warmUp);
        Array.Clear(_requests);
        Array.Clear(_errors);
        Array.Clear(_fallbacks);
        Array.Clear(_samples);
        _warmUp = 0;
        _any = false;
        return stats;
    }
}
