using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Client;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The typed client of a cluster on PostgreSQL membership (it learns the silos from the table), in a host of its own.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IRecsysClient Client => _host.Services.GetRequiredService<IRecsysClient>();

    public static async Task<ClusterClient> StartAsync(string database, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddRecsysClient(o =>
        {
            o.Clustering = RecsysClientOptions.PostgresClustering;
            o.ConnectionString = database;
            o.ClusterId = clusterId;
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
