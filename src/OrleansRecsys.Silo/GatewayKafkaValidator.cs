using Microsoft.Extensions.Options;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

/// <summary>A gateway has no in-process broker to fall back on: events it accepts must reach the silos' broker.</summary>
internal sealed class GatewayKafkaValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options) =>
        string.IsNullOrWhiteSpace(options.BootstrapServers)
            ? ValidateOptionsResult.Fail("Recsys:Kafka:BootstrapServers is required for a gateway: events it accepts must reach the silos' broker")
            : ValidateOptionsResult.Success;
}
