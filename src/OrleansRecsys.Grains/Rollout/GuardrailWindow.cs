namespace OrleansRecsys.Grains.Rollout;

/// <summary>Sliding window of per-version reports from the silos, judged by <see cref="GuardrailJudge"/> against a plan's guardrails.</summary>
internal sealed class GuardrailWindow(TimeSpan length)
{
    private readonly Queue<(DateTime At, VariantStats Stats)> _samples = new();

    public TimeSpan Length => length;

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

    /// <summary>The judgement of the plan's canary against its stable, or null when the plan has no canary.</summary>
    public GuardrailReport? Evaluate(RolloutPlan plan)
    {
        if (plan.Canary is not { } canary || plan.Stable is not { } stable)
        {
            return null;
        }

        return GuardrailJudge.Judge(plan.Guardrails, (canary, Sum(canary)), (stable, Sum(stable)), (int)length.TotalSeconds);
    }

    private ArmTotals Sum(string version)
    {
        var totals = new ArmTotals();
        foreach (var (_, stats) in _samples.Reverse())
        {
            if (stats.Version == version)
            {
                totals.Add(stats);
            }
        }

        return totals;
    }
}
