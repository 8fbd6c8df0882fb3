using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>Runs against librdkafka's in-process mock cluster (no services) and an address nothing listens on.</summary>
public sealed class KafkaHealthCheckTests
{
    private static KafkaBootstrap Bootstrap(string? servers) =>
        new(Options.Create(new KafkaOptions { BootstrapServers = servers }), NullLogger<KafkaBootstrap>.Instance);

    private static Task<HealthCheckResult> Check(KafkaBootstrap kafka) =>
        new KafkaHealthCheck(kafka).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task A_cluster_that_answers_is_healthy()
    {
        using var kafka = Bootstrap(null);
        Assert.Equal(HealthStatus.Healthy, (await Check(kafka)).Status);
    }

    [Fact]
    public async Task A_cluster_that_does_not_answer_is_unhealthy_with_the_reason()
    {
        using var kafka = Bootstrap("127.0.0.1:1");
        var result = await Check(kafka);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("failing: ", result.Description);
    }
}
