using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>Readiness: the Kafka cluster answers a metadata request with at least one broker. Registered with the
/// <see cref="HealthCheckTags.Ready"/> tag, which the HTTP readiness endpoint runs.</summary>
internal sealed class KafkaHealthCheck(KafkaBootstrap kafka) : IHealthCheck
{
    public const string Name = "kafka";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var config = kafka.Clients.Admin();
            config.SocketTimeoutMs = (int)Timeout.TotalMilliseconds;
            using var admin = new AdminClientBuilder(config).Build();
            var metadata = admin.GetMetadata(Timeout);
            return Task.FromResult(metadata.Brokers.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no brokers"));
        }
        catch (KafkaException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("failing: " + ex.Error.Reason));
        }
    }
}
