namespace OrleansRecsys.Grains.Rollout;

/// <summary>Sliding window of per-version reports from the silos, judged by <see cref="GuardrailJudge"/> against a plan's guardrails.</summary>
internal sealed class GuardrailWindow(TimeSpan length)
{
    private readonly Queue<(DateTime At, VariantStats Stats)> _samples = new();

    public TimeSpan Length => length;

    public void Clear() => _samples.Clear();

    /// <summary>Drops one version's samples (an arm that joins the experiment again starts with a clean sample), keeping every other version's.</summary>
    public void Forget(string version)
    {
        var kept = _samples.Where(s => s.Stats.Version != version).ToArray();
        _samples.Clear();
        foreach (var sample in kept)
        {
            _samples.Enqueue(sample);
        }
    }

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

    /// <summary>The judgement of every arm of the plan against its stable, in arm order (empty without arms).</summary>
    public GuardrailReport[] EvaluateArms(RolloutPlan plan)
    {
        if (plan.Stable is not { } stable || !RolloutArms.Any(plan))
        {
            return [];
        }

        var stableTotals = Sum(stable);
        return RolloutArms.Of(plan)
            .Select(arm => GuardrailJudge.Judge(plan.Guardrails, (arm.Version, Sum(arm.Version)), (stable, stableTotals), (int)length.TotalSeconds))
            .ToArray();
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
