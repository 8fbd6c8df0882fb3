using System.Net;
using Orleans.Configuration;

namespace OrleansRecsys.Silo;

/// <summary>
/// The one place that turns <c>Recsys:Host</c> and <c>Recsys:Storage:Clustering</c> into Orleans clustering, for a
/// silo and for a gateway's client alike: <c>localhost</c> (one process) or the PostgreSQL membership table.
/// </summary>
internal static class ClusteringSetup
{
    /// <summary>The ADO.NET invariant of PostgreSQL, for the membership table and grain storage.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static ISiloBuilder UseRecsysClustering(this ISiloBuilder silo, RecsysHostOptions host, StorageOptions storage)
    {
        silo.Configure<ClusterOptions>(o => Identify(o, host));
        if (!storage.UsesPostgresClustering)
        {
            return silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
        }

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = PostgresConnections.ForClustering(storage);
        });
        // A loopback advertised address listens on loopback only: no other host could use the ports, so none may reach them.
        return string.IsNullOrWhiteSpace(host.AdvertisedIp)
            ? silo.ConfigureEndpoints(host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: true)
            : silo.ConfigureEndpoints(IPAddress.Parse(host.AdvertisedIp), host.SiloPort, host.GatewayPort,
                listenOnAnyHostAddress: !OrleansTlsValidator.IsLoopback(host.AdvertisedIp));
    }

    public static IClientBuilder UseRecsysClustering(this IClientBuilder client, RecsysHostOptions host, StorageOptions storage)
    {
        client.Configure<ClusterOptions>(o => Identify(o, host));
        return storage.UsesPostgresClustering
            ? client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = PostgresConnections.ForClustering(storage);
            })
            : client.UseLocalhostClustering(host.GatewayPort, host.ServiceId, host.ClusterId);
    }

    private static void Identify(ClusterOptions options, RecsysHostOptions host)
    {
        options.ClusterId = host.ClusterId;
        options.ServiceId = host.ServiceId;
    }
}
