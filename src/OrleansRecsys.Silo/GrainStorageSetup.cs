using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Silo;

/// <summary>The grid's grain storage per <c>Recsys:Storage:Provider</c>: PostgreSQL (ADO.NET) or memory.</summary>
internal static class GrainStorageSetup
{
    public static ISiloBuilder AddRecsysGrainStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        if (storage.IsDurable)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Recsys, o =>
            {
                o.Invariant = ClusteringSetup.PostgresInvariant;
                o.ConnectionString = PostgresConnections.ForGrainStorage(storage);
            });
            silo.Services.TranslateDatabaseErrors(StorageNames.Recsys);
            return silo.UseOrleansSerializer<AdoNetGrainStorageOptions>();
        }

        silo.AddMemoryGrainStorage(StorageNames.Recsys);
        return silo.UseOrleansSerializer<MemoryGrainStorageOptions>();
    }

    /// <summary>
    /// Wraps the named provider in <see cref="DatabaseErrorGrainStorage"/>: the registration the provider just made is
    /// replaced by one that builds it the same way and decorates it, so its lifecycle registration (which resolves
    /// the keyed storage) starts the decorator, which forwards.
    /// </summary>
    private static void TranslateDatabaseErrors(this IServiceCollection services, string name)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var build = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory; cannot translate its database errors");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new DatabaseErrorGrainStorage((IGrainStorage)build(sp, key), name));
    }

    /// <summary>
    /// The Orleans serializer for either provider: the default JSON one sees public members only, and the feature
    /// state keeps its maps in private fields (an idle grain's deactivation would lose them).
    /// </summary>
    private static ISiloBuilder UseOrleansSerializer<TOptions>(this ISiloBuilder silo) where TOptions : class, IStorageProviderSerializerOptions
    {
        silo.Services.AddOptions<TOptions>(StorageNames.Recsys)
            .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(
                sp.GetRequiredService<Orleans.Serialization.Serializer>()));
        return silo;
    }
}
