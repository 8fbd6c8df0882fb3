using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Catalog;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Readiness of a consuming silo: its consumer has been through a completed group rebalance at least once since start,
/// so it owns its share of <c>recsys.interactions</c> and <c>recsys.items</c> (none when the group has more members than
/// partitions). Later rebalances do not make the silo unready: it keeps serving while the group moves partitions.
/// The consumer joins the group only after the silo's first catalogue refresh, so until then the check names that wait.
/// Registered only where the consumer runs (a gateway has none); healthy when the consumer is switched off.
/// </summary>
internal sealed class KafkaAssignmentHealthCheck(IngestionService ingestion, CatalogSync catalogSync, IOptions<KafkaOptions> options) : IHealthCheck
{
    public const string Name = "kafka_partitions";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.ConsumerEnabled || ingestion.AssignedOnce
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(catalogSync.Refreshed
                ? "waiting for the consumer group to assign this silo's partitions"
                : "waiting for this silo's first feature catalogue refresh before joining the consumer group"));
}
