using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class DataQualityTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Deciles 10 .. 30: the fence is 20 wide on each side, [-10, 50].</summary>
    private static readonly Histogram Price = new([10, 15, 20, 25, 30], [1, 2, 2, 2, 2, 1]);

    private static ModelManifest Manifest(params string[] features) => new("ranker", "v1", At, features, "features", "score", [], "test", "sha", "test",
        new() { ["price"] = Price, ["flag"] = new Histogram([0], [9, 1]) }, null);

    [Fact]
    public void The_reference_range_widens_the_outer_deciles_by_their_distance()
    {
        Assert.Equal(new ReferenceRange(-10, 50), ReferenceRange.Of(Price));
    }

    [Fact]
    public void A_histogram_that_cannot_tell_a_spread_has_no_range()
    {
        Assert.Null(ReferenceRange.Of(null));
        Assert.Null(ReferenceRange.Of(new Histogram([], [5])));
        Assert.Null(ReferenceRange.Of(new Histogram([0], [9, 1])));
        Assert.Null(ReferenceRange.Of(new Histogram([1, 2], [1, 1])));
    }

    [Fact]
    public void Values_below_or_above_the_range_are_counted_per_input_and_inputs_without_a_range_never()
    {
        var ranges = InputRanges.Of(Manifest("price", "flag", "unlisted"));
        float[] rows = [-10f, 5f, -1e30f, 50f, 1f, 1e30f, 50.5f, 0f, 0f, -10.5f, 3f, 0f];
        var outside = new int[3];

        ranges.CountOutside(rows, 4, outside);

        Assert.Equal([2, 0, 0], outside);
    }

    [Fact]
    public void The_tally_hands_fallbacks_and_the_other_kinds_to_the_delta_and_starts_afresh()
    {
        var tally = new InputQualityTally(["a", "b", "c"]);
        // Per kind in DataQualityKinds.All order (expired, missing, non_finite, out_of_range), one counter per input.
        int[] request = [1, 0, 0, /**/ 2, 0, 0, /**/ 0, 3, 0, /**/ 0, 4, 0];

        tally.Add(request);
        tally.Add(request);
        var (fallbacks, quality) = tally.Take();

        Assert.Equal(new Dictionary<string, long[]> { ["a"] = [2, 4] }, fallbacks);
        Assert.Equal(new Dictionary<string, long[]> { ["b"] = [6, 8] }, quality);
        Assert.Equal((null, null), tally.Take());
    }

    [Fact]
    public void Rates_are_shares_of_the_rows_and_the_default_rate_is_expired_plus_missing()
    {
        var quality = DataQualityRates.Of("v1", Variants.Stable, Manifest("price", "flag"), 200,
            new Dictionary<string, long[]> { ["price"] = [10, 30] }, new Dictionary<string, long[]> { ["price"] = [2, 50], ["flag"] = [0, 0] });

        Assert.Equal(("v1", Variants.Stable, 200L), (quality.Version, quality.Variant, quality.Rows));
        Assert.Equal(new InputQuality("price", 0.15, 0.05, 0.2, 0.01, 0.25, -10, 50), quality.Inputs[0]);
        Assert.Equal(new InputQuality("flag", 0, 0, 0, 0, 0, null, null), quality.Inputs[1]);
    }

    [Fact]
    public void Without_rows_every_rate_is_zero_and_without_a_manifest_the_counted_inputs_are_listed_by_name()
    {
        var quality = DataQualityRates.Of("v0", Variants.Retired, null, 0,
            new Dictionary<string, long[]> { ["z"] = [1, 1] }, new Dictionary<string, long[]> { ["a"] = [1, 0] });

        Assert.Equal(["a", "z"], quality.Inputs.Select(i => i.Feature));
        Assert.All(quality.Inputs, i => Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (i.MissingRate, i.ExpiredRate, i.DefaultRate, i.NonFiniteRate, i.OutOfRangeRate)));
        Assert.Equal(0, DataQualityRates.Rate(5, 0));
        Assert.Equal(1, DataQualityRates.Rate(7, 5));
    }
}
