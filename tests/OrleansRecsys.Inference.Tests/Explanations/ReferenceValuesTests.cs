using OrleansRecsys.Inference.Explanations;

namespace OrleansRecsys.Inference.Tests.Explanations;

public sealed class ReferenceValuesTests
{
    [Fact]
    public void The_median_of_an_inner_bin_is_interpolated_between_its_edges()
    {
        // 10 values: 2 up to 0, 2 in (0, 10], 4 in (10, 20], 2 above 20. The 5th value falls a quarter into (10, 20].
        Assert.Equal(12.5, ReferenceValues.Median(new Histogram([0, 10, 20], [2, 2, 4, 2])), 9);
    }

    [Fact]
    public void A_median_in_an_open_outer_bin_is_that_bins_edge()
    {
        Assert.Equal(0, ReferenceValues.Median(new Histogram([0, 10], [8, 1, 1])));
        Assert.Equal(10, ReferenceValues.Median(new Histogram([0, 10], [1, 1, 8])));
    }

    [Fact]
    public void An_empty_histogram_has_no_median()
    {
        Assert.True(double.IsNaN(ReferenceValues.Median(new Histogram([], [0]))));
        Assert.True(double.IsNaN(ReferenceValues.Median(new Histogram([1, 2], [0, 0, 0]))));
    }

    [Fact]
    public void Medians_follow_the_manifests_feature_order_and_a_feature_without_a_histogram_gets_none()
    {
        var manifest = new ModelManifest("m", "v1", DateTimeOffset.UnixEpoch, ["x", "y", "z"], "features", "score", [], "d", "sha", "t",
            new() { ["z"] = new Histogram([1, 3], [0, 4, 0]), ["x"] = new Histogram([5], [3, 1]) }, null);

        var medians = ReferenceValues.Medians(manifest);

        Assert.Equal(3, medians.Length);
        Assert.Equal(5f, medians[0]);
        Assert.True(float.IsNaN(medians[1]));
        Assert.Equal(2f, medians[2]);
    }
}
