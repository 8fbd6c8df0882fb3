using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>What one version served in the guardrail window, per request-size class (the input of <see cref="GuardrailJudge"/>).</summary>
internal sealed class ArmTotals
{
    /// <summary>At most this many scoring-time samples per class are kept (the newest), so judging stays cheap.</summary>
    public const int MaxSamplesPerClass = 2000;

    public long[] Requests { get; } = new long[RequestSizeClass.Count];
    public long[] Errors { get; } = new long[RequestSizeClass.Count];
    public long[] Fallbacks { get; } = new long[RequestSizeClass.Count];
    public List<double>[] ScoreUsPerRow { get; } = NewSamples();
    public long WarmUp { get; set; }

    public long TotalRequests => Requests.Sum();

    /// <summary>Adds one report of a silo (reports are added newest first, so kept samples are the newest).</summary>
    public void Add(VariantStats stats)
    {
        WarmUp += stats.WarmUp;
        foreach (var c in stats.Classes)
        {
            if (c.SizeClass < 0 || c.SizeClass >= RequestSizeClass.Count)
            {
                continue;
            }

            Requests[c.SizeClass] += c.Requests;
            Errors[c.SizeClass] += c.Errors;
            Fallbacks[c.SizeClass] += c.Fallbacks;
            var samples = ScoreUsPerRow[c.SizeClass];
            samples.AddRange(c.ScoreUsPerRow.Take(MaxSamplesPerClass - samples.Count));
        }
    }

    private static List<double>[] NewSamples()
    {
        var samples = new List<double>[RequestSizeClass.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = [];
        }

        return samples;
    }
}
