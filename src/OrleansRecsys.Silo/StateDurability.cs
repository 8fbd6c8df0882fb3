using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

/// <summary>
/// Whether grain state outlives the process is one fact, that of <c>Recsys:Storage:Provider</c>. Two components act
/// on it: feature grains (with volatile storage they skip writes) and ingestion checkpoints (with nothing durable to
/// wait for, they skip flush calls). It is set here, for both, and nowhere else.
/// </summary>
internal static class StateDurability
{
    public static IServiceCollection UseStateDurability(this IServiceCollection services, StorageOptions storage)
    {
        var durable = storage.IsDurable;
        services.PostConfigure<GridOptions>(o => o.DurableState = durable);
        services.PostConfigure<KafkaOptions>(o => o.DurableState = durable);
        return services;
    }
}
