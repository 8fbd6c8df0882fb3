using OrleansRecsys.Grains.Retraining;

namespace OrleansRecsys.Grains.Tests.Retraining;

/// <summary>The offline gate: a candidate may trail the stable's hold-out AUC by the margin, no more, on enough cases.</summary>
public sealed class OfflineGateTests
{
    private static readonly RetrainingPolicy Policy = new(MinHoldoutCases: 100, GateMargin: 0.01);

    [Theory]
    [InlineData(0.75, 0.74, true)]
    [InlineData(0.745, 0.75, true)]
    [InlineData(0.739, 0.75, false)]
    public void The_candidate_passes_unless_it_trails_the_stable_by_more_than_the_margin(double candidate, double stable, bool passes)
    {
        var (passed, reason) = OfflineGate.Judge(Policy, new GateMeasure(candidate, stable, -0.02, 0.02, 500));

        Assert.Equal(passes, passed);
        Assert.StartsWith(passes ? "gate passed" : "gated out", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_hold_out_cases_gate_the_candidate_out_however_good_it_looks()
    {
        var (passed, reason) = OfflineGate.Judge(Policy, new GateMeasure(0.9, 0.6, 0.2, 0.4, 99));

        Assert.False(passed);
        Assert.StartsWith("too few hold-out cases", reason, StringComparison.Ordinal);
    }
}
