using Microsoft.Extensions.Options;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

/// <summary>
/// PostgreSQL grain state outlives the process; the in-process mock broker (empty bootstrap servers) and its committed
/// offsets do not. After a restart the grains would hold watermarks from a log that no longer exists, and the new
/// broker's offsets start again at 0: events would be skipped or counted under a new epoch. So a silo refuses the pair.
/// </summary>
internal sealed class DurableStateKafkaValidator(StorageOptions storage) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options) =>
        storage.IsDurable && string.IsNullOrWhiteSpace(options.BootstrapServers)
            ? ValidateOptionsResult.Fail(
                "Recsys:Storage:Provider 'postgres' needs a real broker in Recsys:Kafka:BootstrapServers: the in-process mock "
                + "broker (empty bootstrap servers) loses its log and offsets on exit while PostgreSQL keeps the grains' state")
            : ValidateOptionsResult.Success;
}
