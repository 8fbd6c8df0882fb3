using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Checks on silo processes (<see cref="SiloProcess"/>) made from outside, as an operator would.</summary>
internal static class SiloProcesses
{
    /// <summary>Waits until the silo answers ready; fails at once, with its log, when the process has exited, and on
    /// time-out with its last readiness answer (which names what is not ready) and the end of its log.</summary>
    public static async Task WaitReadyAsync(SiloProcess silo)
    {
        var lastAnswer = "no answer yet";
        await TestInfra.WaitUntil(async () =>
        {
            if (silo.Exited)
            {
                Assert.Fail("the silo process exited:\n" + silo.Log);
            }

            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
                using var response = await http.GetAsync("/health/ready");
                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException ex)
            {
                lastAnswer = ex.Message;
                return false;
            }
        }, TimeSpan.FromSeconds(90), () => $"silo readiness at {silo.Url}; last answer: {lastAnswer}; log ends:\n{LogTail(silo)}");
    }

    private static string LogTail(SiloProcess silo)
    {
        var log = silo.Log;
        return log.Length <= 6000 ? log : log[^6000..];
    }
}
