using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class RequestSizeClassTests
{
    [Fact]
    public void Classes_cover_every_request_size_and_sizes_within_one_differ_by_less_than_a_fifth()
    {
        Assert.Equal(0, RequestSizeClass.Of(1));
        Assert.Equal(RequestSizeClass.Count - 1, RequestSizeClass.Of(RequestLimits.MaxCandidates));
        Assert.NotEqual(RequestSizeClass.Of(2), RequestSizeClass.Of(100));
        var smallest = new Dictionary<int, int>();
        for (var rows = 1; rows <= RequestLimits.MaxCandidates; rows++)
        {
            var k = RequestSizeClass.Of(rows);
            Assert.InRange(k, 0, RequestSizeClass.Count - 1);
            smallest.TryAdd(k, rows);
            Assert.True(rows < smallest[k] * 1.19 + 1, $"{rows} rows share class {k} with {smallest[k]}");
        }
    }
}
