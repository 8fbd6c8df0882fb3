namespace OrleansRecsys.Abstractions.Tests;

public sealed class RolloutMathTests
{
    private static RolloutPlan Plan(string? canary, decimal percent) =>
        new("ranker", "v1", canary, percent, [], "salt", new Guardrails(), 1);

    [Fact]
    public void Buckets_are_stable_and_in_range()
    {
        for (var i = 0; i < 1000; i++)
        {
            var bucket = RolloutMath.Bucket("salt", "user-" + i);
            Assert.InRange(bucket, 0, RolloutMath.Buckets - 1);
            Assert.Equal(bucket, RolloutMath.Bucket("salt", "user-" + i));
        }
    }

    [Fact]
    public void Long_ids_hash_like_short_ones()
    {
        // Past the stack buffer the bytes come from the heap; the bucket must not depend on which.
        var longId = new string('u', 2000);
        Assert.InRange(RolloutMath.Bucket("salt", longId), 0, RolloutMath.Buckets - 1);
        Assert.Equal(RolloutMath.Bucket("salt", longId), RolloutMath.Bucket("salt", longId));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.01, 1)]
    [InlineData(12.345, 1235)]
    [InlineData(100, 10_000)]
    public void Threshold_is_percent_times_100_rounded_half_away_from_zero(double percent, int expected)
    {
        Assert.Equal(expected, RolloutMath.Threshold((decimal)percent));
    }

    [Fact]
    public void Everyone_is_stable_without_a_canary_and_canary_at_100_percent()
    {
        Assert.Equal((Variants.Stable, "v1"), RolloutMath.Route(Plan(null, 100), "u1"));
        Assert.Equal((Variants.Canary, "v2"), RolloutMath.Route(Plan("v2", 100), "u1"));
        Assert.Equal((Variants.Stable, "v1"), RolloutMath.Route(Plan("v2", 0), "u1"));
    }
}
