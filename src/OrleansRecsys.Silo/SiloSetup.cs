using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansRecsys.Api;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

public static class SiloSetup
{
    public const string Invariant = "Npgsql";

    /// <summary>A silo: grains, storage, clustering, ingestion, the HTTP API and the demo services.</summary>
    public static void AddRecsysSilo(this WebApplicationBuilder builder)
    {
        var host = builder.Configuration.GetSection(RecsysHostOptions.Section).Get<RecsysHostOptions>() ?? new RecsysHostOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.UsesPostgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                ["Recsys:Storage:ConnectionString is required when Provider or Clustering is 'postgres'"]);
        }

        builder.Configuration["Recsys:Kafka:DurableState"] ??= (storage.Provider == "postgres").ToString();
        builder.Configuration["Recsys:Grid:DurableState"] ??= (storage.Provider == "postgres").ToString();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = host.ClusterId;
                o.ServiceId = host.ServiceId;
            });
            var membership = builder.Configuration.GetSection(MembershipOptions.Section).Get<MembershipOptions>() ?? new MembershipOptions();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(membership.ProbeTimeoutMs);
                o.NumMissedProbesLimit = membership.MissedProbesLimit;
                o.NumVotesForDeathDeclaration = membership.VotesForDeath;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(membership.TableRefreshSeconds);
            });
            if (storage.Clustering == "postgres")
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = storage.ConnectionString;
                });
                if (string.IsNullOrWhiteSpace(host.AdvertisedIp))
                {
                    silo.ConfigureEndpoints(host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(System.Net.IPAddress.Parse(host.AdvertisedIp), host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: true);
                }
            }
            else
            {
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            }

            if (storage.Provider == "postgres")
            {
                silo.AddAdoNetGrainStorage(StorageNames.Recsys, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = storage.ConnectionString;
                });
                silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Recsys)
                    .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(
                        sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            }
            else
            {
                // The Orleans serializer here too: the default JSON one sees public members only, and the feature state
                // keeps its maps in private fields (an idle grain's deactivation would lose them).
                silo.AddMemoryGrainStorage(StorageNames.Recsys);
                silo.Services.AddOptions<Orleans.Configuration.MemoryGrainStorageOptions>(StorageNames.Recsys)
                    .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(
                        sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            }
        });
        builder.Services.AddRecsysGrid();
        builder.Services.AddRecsysIngestion();
        builder.Services.AddSingleton<IEventIntake, KafkaEventIntake>();
        builder.Services.AddRecsysApi();
        builder.Services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<DemoBootstrapper>();
        builder.Services.AddHostedService<TrafficSimulator>();
    }

    /// <summary>A gateway: the same HTTP API over an Orleans client (cluster profile).</summary>
    public static void AddRecsysGateway(this WebApplicationBuilder builder)
    {
        var host = builder.Configuration.GetSection(RecsysHostOptions.Section).Get<RecsysHostOptions>() ?? new RecsysHostOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = host.ClusterId;
                o.ServiceId = host.ServiceId;
            });
            if (storage.Clustering == "postgres")
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = storage.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(host.GatewayPort, host.ServiceId, host.ClusterId);
            }
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration["Recsys:Kafka:BootstrapServers"]))
        {
            throw new OptionsValidationException("Recsys:Kafka", typeof(object),
                ["Recsys:Kafka:BootstrapServers is required for a gateway: events it accepts must reach the silos' broker"]);
        }

        builder.Configuration["Recsys:Kafka:ConsumerEnabled"] = "false";
        builder.Services.AddSingleton<RecsysMetrics>();
        builder.Services.AddRecsysKafka();
        builder.Services.AddSingleton<IEventIntake, KafkaEventIntake>();
        builder.Services.AddRecsysApi();
    }
}
