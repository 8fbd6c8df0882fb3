using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// The grid's grain storage per <c>Recsys:Storage:Provider</c>: PostgreSQL (ADO.NET) or memory. Either provider
/// serializes through <see cref="EncryptingGrainStorageSerializer"/> and is wrapped in <see cref="IdentityBindingGrainStorage"/>,
/// so the state it stores is sealed and bound to its grain when <c>Recsys:Encryption</c> holds keys.
/// </summary>
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
            silo.Services.Decorate(StorageNames.Recsys, inner => new DatabaseErrorGrainStorage(new IdentityBindingGrainStorage(inner), StorageNames.Recsys));
            return silo.UseOrleansSerializer<AdoNetGrainStorageOptions>();
        }

        silo.AddMemoryGrainStorage(StorageNames.Recsys);
        silo.Services.Decorate(StorageNames.Recsys, inner => new IdentityBindingGrainStorage(inner));
        return silo.UseOrleansSerializer<MemoryGrainStorageOptions>();
    }

    /// <summary>
    /// Wraps the named provider (in <see cref="IdentityBindingGrainStorage"/>, <see cref="DatabaseErrorGrainStorage"/>):
    /// the registration the provider just made is replaced by one that builds it the same way and decorates it, so its
    /// lifecycle registration (which resolves the keyed storage) starts the decorator, which forwards.
    /// </summary>
    private static void Decorate(this IServiceCollection services, string name, Func<IGrainStorage, IGrainStorage> decorate)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var build = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory; cannot decorate it");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => decorate((IGrainStorage)build(sp, key)));
    }

    /// <summary>
    /// The Orleans serializer for either provider: the default JSON one sees public members only, and the feature
    /// state keeps its maps in private fields (an idle grain's deactivation would lose them). Its bytes are sealed by
    /// the silo's <see cref="StateEncryption"/> (or passed through when encryption is off).
    /// </summary>
    public static ISiloBuilder UseOrleansSerializer<TOptions>(this ISiloBuilder silo) where TOptions : class, IStorageProviderSerializerOptions
    {
        silo.Services.AddOptions<TOptions>(StorageNames.Recsys)
            .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = new EncryptingGrainStorageSerializer(
                new OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>()),
                sp.GetRequiredService<StateEncryption>()));
        return silo;
    }
}
