using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansRecsys.Api;
using OrleansRecsys.Client;
using OrleansRecsys.Rpc;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Retraining;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>The two roles a process can take (<c>Recsys:Host:Role</c>).</summary>
internal static class SiloSetup
{
    /// <summary>A silo: grains, storage, clustering, ingestion, the HTTP API and its profile's services.</summary>
    public static void AddRecsysSilo(this WebApplicationBuilder builder, StartupSettings settings)
    {
        builder.Configuration.ValidatedNow(KafkaOptions.Section, new DurableStateKafkaValidator(settings.Storage));
        var tls = builder.Configuration.ValidatedNow(TlsOptions.Section, new OrleansTlsValidator(settings));
        builder.UseOrleans(silo => silo
            .UseRecsysClustering(settings.Host, settings.Storage)
            .UseRecsysTls(tls)
            .UseRecsysMembership()
            .AddRecsysGrainStorage(settings.Storage)
            .UseRecsysReminders(settings.Storage, builder.Configuration)
            .UseRecsysKubernetesHosting(settings.Host)
            .UseRecsysTracing(builder.Configuration));
        builder.AddRecsysEncryption(settings);
        builder.Services.UseStateDurability(settings.Storage);
        builder.Services.UseRecsysShutdownTimeout(settings.Host);
        builder.AddRequestIdSigner(settings.Profile);
        builder.Services.AddRecsysGrid();
        builder.Services.AddRecsysIngestion();
        builder.Services.AddSingleton<RetrainingHistory>();
        builder.Services.AddSingleton<IRetrainingWorkbench, RetrainingWorkbench>();
        builder.Services.AddSingleton<IEventIntake, KafkaEventIntake>();
        builder.Services.AddRecsysApi(TelemetryServiceNames.Silo);
        builder.Services.AddRecsysGrpc();
        builder.AddProfileServices(settings.Profile);
    }

    /// <summary>A gateway: the same HTTP API over an Orleans client (cluster profile); it produces events, never consumes.</summary>
    public static void AddRecsysGateway(this WebApplicationBuilder builder, StartupSettings settings)
    {
        builder.Configuration.ValidatedNow(KafkaOptions.Section, new GatewayKafkaValidator());
        var tls = builder.Configuration.ValidatedNow(TlsOptions.Section, new OrleansTlsValidator(settings));
        builder.UseOrleansClient(client => client.UseRecsysClustering(settings.Host, settings.Storage).UseRecsysTls(tls)
            .UseRecsysTracing(builder.Configuration));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.Host.ShutdownTimeoutSeconds));
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<KafkaOptions>, GatewayKafkaValidator>();
        builder.Services.PostConfigure<KafkaOptions>(o => o.ConsumerEnabled = false);
        builder.Services.AddSingleton<RecsysMetrics>();
        builder.Services.AddRecsysKafka();
        builder.Services.AddSingleton<IEventIntake, KafkaEventIntake>();
        builder.Services.AddRecsysApi(TelemetryServiceNames.Gateway);
        builder.Services.AddRecsysGrpc();
        builder.Services.AddRecsysGatewayReadiness();
    }
}
