namespace OrleansRecsys.Inference.Tests;

/// <summary>Waits for a condition another thread makes true; fails after a generous bound rather than hanging.</summary>
internal static class TestWait
{
    public static async Task UntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "the condition did not become true within 30 s");
            await Task.Delay(5);
        }
    }
}
