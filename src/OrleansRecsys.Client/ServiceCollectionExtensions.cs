using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansRecsys.Client;

/// <summary>Registers an Orleans client for the grid and <see cref="IRecsysClient"/> on a host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The ADO.NET invariant of the PostgreSQL membership table (as the silos use it).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds an Orleans client (localhost or PostgreSQL clustering, per <see cref="RecsysClientOptions.Clustering"/>)
    /// and a singleton <see cref="IRecsysClient"/>. Invalid options fail here, naming the property.
    /// </summary>
    public static IHostApplicationBuilder AddRecsysClient(this IHostApplicationBuilder builder, Action<RecsysClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RecsysClientOptions();
        configure?.Invoke(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(nameof(RecsysClientOptions), typeof(RecsysClientOptions), errors);
        }

        builder.UseOrleansClient(client =>
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
        });
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton<IRecsysClient>(sp => new RecsysClient(sp.GetRequiredService<IClusterClient>(), options));
        return builder;
    }
}
