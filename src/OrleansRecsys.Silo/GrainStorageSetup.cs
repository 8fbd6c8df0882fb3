using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Security;
using OrleansRecsys.Silo.Storage;

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
            if (storage.BatchWrites)
            {
                silo.Services.BatchStatements(StorageNames.Recsys, storage);
            }

            silo.Services.TranslateDatabaseErrors(StorageNames.Recsys);
            return silo.UseOrleansSerializer<AdoNetGrainStorageOptions>();
        }

        silo.AddMemoryGrainStorage(StorageNames.Recsys);
        silo.Services.Decorate(StorageNames.Recsys, (_, inner) => new IdentityBindingGrainStorage(inner));
        return silo.UseOrleansSerializer<MemoryGrainStorageOptions>();
    }

    /// <summary>Wraps the named provider in <see cref="DatabaseErrorGrainStorage"/> (a database error leaves as a
    /// storage failure every silo and client can deserialize) around <see cref="PseudonymousKeyGrainStorage"/> (rows are
    /// keyed by grain key pseudonyms, when <c>Recsys:Encryption:GrainKeyPseudonymKey</c> is set) around
    /// <see cref="IdentityBindingGrainStorage"/> (the serializer seals each state to its row).</summary>
    private static void TranslateDatabaseErrors(this IServiceCollection services, string name) =>
        services.Decorate(name, (sp, inner) =>
        {
            IGrainStorage bound = new IdentityBindingGrainStorage(inner);
            var encryption = sp.GetRequiredService<IOptions<EncryptionOptions>>().Value;
            if (EncryptionSetup.GrainKeyPseudonymsFrom(encryption) is { } pseudonyms)
            {
                bound = new PseudonymousKeyGrainStorage(bound, pseudonyms);
            }

            return new DatabaseErrorGrainStorage(bound, name);
        });

    /// <summary>Routes the ADO.NET provider's writes (and activation reads) through one batcher per silo, which turns
    /// the grains' concurrent calls into multi-row statements on the same table; the provider keeps its clears.</summary>
    private static void BatchStatements(this IServiceCollection services, string name, StorageOptions storage)
    {
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var metrics = sp.GetRequiredService<RecsysMetrics>();
            return new PostgresStateBatcher(PostgresConnections.ForGrainStorage(storage), ServiceId(sp), storage.MaxPoolSize, (rows, took) =>
            {
                metrics.StateWriteStatementRows.Record(rows);
                metrics.StateWriteStatementDuration.Record(took.TotalSeconds);
            });
        });
        services.Decorate(name, (sp, inner) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name);
            var hashes = options.HashPicker ?? new StorageHasherPicker([new OrleansDefaultHasher()]);
            return new BatchedGrainStorage(inner, sp.GetRequiredKeyedService<PostgresStateBatcher>(name), options.GrainStorageSerializer, hashes,
                sp.GetRequiredService<IActivatorProvider>(), ServiceId(sp), name, storage.BatchReads);
        });
    }

    private static string ServiceId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    /// <summary>
    /// Replaces the named grain storage's registration with one that builds it the same way and wraps it, so its
    /// lifecycle registration (which resolves the keyed storage) starts the wrapper, which forwards.
    /// </summary>
    private static void Decorate(this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var build = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory; cannot wrap it");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => wrap(sp, (IGrainStorage)build(sp, key)));
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
