using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using OrleansRecsys.Security;

namespace OrleansRecsys.Client;

/// <summary>Registers an Orleans client for the grid and <see cref="IRecsysClient"/> on a host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The ADO.NET invariant of the PostgreSQL membership table (as the silos use it).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds an Orleans client (localhost or PostgreSQL clustering, per <see cref="RecsysClientOptions.Clustering"/>;
    /// mutual TLS when <see cref="RecsysClientOptions.Tls"/> names certificate, key and CA) and a singleton
    /// <see cref="IRecsysClient"/>. Options come from <c>Recsys:Tls</c> (the TLS keys the silos share), <c>Recsys:Client</c>,
    /// then <paramref name="configure"/>; invalid options fail here, naming the configuration key.
    /// </summary>
    public static IHostApplicationBuilder AddRecsysClient(this IHostApplicationBuilder builder, Action<RecsysClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var optionsBuilder = builder.Services.AddOptions<RecsysClientOptions>()
            .Configure(o => builder.Configuration.GetSection(TlsOptions.Section).Bind(o.Tls))
            .BindConfiguration(RecsysClientOptions.Section);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecsysClientOptions>, RecsysClientOptionsValidator>());

        // Which clustering provider the Orleans client gets is decided while services are registered, so the options
        // are built and validated here too, by the same validator, before anything reads them.
        var options = ValidatedOptions(builder.Configuration, configure);
        builder.UseOrleansClient(client => UseClustering(client, options).UseRecsysTls(options.Tls));
        builder.Services.AddSingleton<IRecsysClient>(sp =>
            new RecsysClient(sp.GetRequiredService<IClusterClient>(), sp.GetRequiredService<IOptions<RecsysClientOptions>>().Value));
        return builder;
    }

    private static RecsysClientOptions ValidatedOptions(IConfiguration configuration, Action<RecsysClientOptions>? configure)
    {
        var options = new RecsysClientOptions();
        configuration.GetSection(TlsOptions.Section).Bind(options.Tls);
        configuration.GetSection(RecsysClientOptions.Section).Bind(options);
        configure?.Invoke(options);
        var result = new RecsysClientOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RecsysClientOptions), result.Failures);
        }

        return options;
    }

    private static IClientBuilder UseClustering(IClientBuilder client, RecsysClientOptions options)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        if (options.Clustering == RecsysClientOptions.PostgresClustering)
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = options.ConnectionString;
            });
        }
        else
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        return client;
    }
}
