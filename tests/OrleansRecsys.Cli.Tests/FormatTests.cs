using OrleansRecsys.Training.Evaluation;

namespace OrleansRecsys.Cli.Tests;

/// <summary>How evaluation metrics read in the offline reports: three places, a sign on differences, the interval in brackets.</summary>
public sealed class FormatTests
{
    [Fact]
    public void A_metric_shows_its_mean_and_interval_to_three_places()
    {
        var hitRate = new MeanInterval(0.41234, 0.38, 0.4449, 500);

        Assert.Equal(("0.412", "[0.380, 0.445]"), (Format.Mean(hitRate), Format.Interval(hitRate)));
    }

    [Theory]
    [InlineData(0.0213, "+0.021")]
    [InlineData(-0.0213, "-0.021")]
    [InlineData(0.0, "0.000")]
    public void A_difference_carries_its_sign_so_the_side_ahead_reads_at_a_glance(double mean, string expected) =>
        Assert.Equal(expected, Format.SignedMean(new MeanInterval(mean, mean - 0.01, mean + 0.01, 100)));
}
