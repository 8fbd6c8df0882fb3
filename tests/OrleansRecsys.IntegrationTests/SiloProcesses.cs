using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Client;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Checks on a grid of silo processes (<see cref="SiloProcess"/>) made from outside, as an operator would.</summary>
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

    /// <summary>True when every user and item read through a cluster client equals its reference.</summary>
    public static async Task<bool> MatchReferenceAsync(string db, string clusterId, Dictionary<string, UserReference> reference,
        Dictionary<string, (long Views, long Clicks, long Purchases)> items)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddRecsysClient(o =>
        {
            o.Clustering = "postgres";
            o.ConnectionString = db;
            o.ClusterId = clusterId;
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IRecsysClient>();
            foreach (var (user, r) in reference)
            {
                if (!r.Matches(await client.GetUserFeaturesAsync(user)))
                {
                    return false;
                }
            }

            // Items are fed by every partition, so they also check state lost on the dead silo for other consumers.
            foreach (var (item, r) in items)
            {
                if (!UserReference.ItemMatches(await client.GetItemFeaturesAsync(item), r))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
