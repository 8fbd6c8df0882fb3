using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Tests.Models;

public sealed class LoadedModelTests
{
    [Fact]
    public void A_fresh_session_counts_its_first_requests_as_not_judged()
    {
        // Only the request counter is exercised; the session parts are not touched.
        var loaded = new LoadedModel(null!, null!, null!, null!, null);

        for (var i = 0; i < LoadedModel.UnjudgedRequests; i++)
        {
            Assert.False(loaded.CountRequest());
        }

        Assert.True(loaded.CountRequest());
        Assert.True(loaded.CountRequest());
    }
}
