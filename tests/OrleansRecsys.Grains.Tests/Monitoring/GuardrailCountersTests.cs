using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class GuardrailCountersTests
{
    [Fact]
    public void Judged_requests_are_counted_per_size_class_and_unjudged_ones_only_as_warm_up()
    {
        var counters = new GuardrailCounters();
        counters.Add(new GuardrailSample(Judged: false, 100, Error: true, Fallback: true, 90));
        counters.Add(new GuardrailSample(true, 100, false, false, 1.5));
        counters.Add(new GuardrailSample(true, 100, true, true, double.NaN));
        counters.Add(new GuardrailSample(true, 1000, false, true, double.NaN));

        var stats = counters.Take("v2")!;

        Assert.Equal(1, stats.WarmUp);
        var hundred = Assert.Single(stats.Classes, c => c.SizeClass == RequestSizeClass.Of(100));
        Assert.Equal((2L, 1L, 1L), (hundred.Requests, hundred.Errors, hundred.Fallbacks));
        Assert.Equal([1.5], hundred.ScoreUsPerRow);
        var thousand = Assert.Single(stats.Classes, c => c.SizeClass == RequestSizeClass.Of(1000));
        Assert.Equal((1L, 0L, 1L), (thousand.Requests, thousand.Errors, thousand.Fallbacks));
        Assert.Null(counters.Take("v2"));
    }

    [Fact]
    public void Scoring_time_samples_per_report_are_bounded()
    {
        var counters = new GuardrailCounters();
        for (var i = 0; i < GuardrailCounters.MaxSamplesPerClass * 3; i++)
        {
            counters.Add(new GuardrailSample(true, 100, false, false, 1));
        }

        var only = Assert.Single(counters.Take("v2")!.Classes);
        Assert.Equal(GuardrailCounters.MaxSamplesPerClass * 3, only.Requests);
        Assert.Equal(GuardrailCounters.MaxSamplesPerClass, only.ScoreUsPerRow.Length);
    }
}
