using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Checks on silo processes (<see cref="SiloProcess"/>) made from outside, as an operator would.</summary>
internal static class SiloProcesses
{
    /// <summary>Waits until the silo answers ready; fails at once, with its log, when the process has exited.</summary>
    public static async Task WaitReadyAsync(SiloProcess silo) =>
        await TestInfra.WaitUntil(async () =>
        {
            if (silo.Exited)
            {
                Assert.Fail("the silo process exited:\n" + silo.Log);
            }

            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "silo readiness at " + silo.Url);
}
