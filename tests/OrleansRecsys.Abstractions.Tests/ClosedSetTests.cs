namespace OrleansRecsys.Abstractions.Tests;

public sealed class ClosedSetTests
{
    [Fact]
    public void Fallback_reasons_are_distinct_snake_case_words()
    {
        Assert.Equal(FallbackReasons.All.Count, FallbackReasons.All.Distinct().Count());
        Assert.All(FallbackReasons.All, reason => Assert.Matches("^[a-z]+(_[a-z]+)*$", reason));
    }

    [Fact]
    public void Variants_are_distinct()
    {
        Assert.Equal(Variants.All.Count, Variants.All.Distinct().Count());
    }
}
