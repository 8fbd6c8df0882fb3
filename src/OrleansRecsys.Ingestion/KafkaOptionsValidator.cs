using Microsoft.Extensions.Options;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>Cross-field rules of <c>Recsys:Kafka</c> (group timing, client properties), checked at start rather than left to librdkafka,
/// which would refuse the consumer later with a message that names no configuration key.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        if (options.HeartbeatIntervalMs * 3 > options.SessionTimeoutMs)
        {
            return ValidateOptionsResult.Fail(
                $"Recsys:Kafka:HeartbeatIntervalMs ({options.HeartbeatIntervalMs}) must be at most a third of Recsys:Kafka:SessionTimeoutMs ({options.SessionTimeoutMs})");
        }

        if (options.MaxPollIntervalMs < options.SessionTimeoutMs)
        {
            return ValidateOptionsResult.Fail(
                $"Recsys:Kafka:MaxPollIntervalMs ({options.MaxPollIntervalMs}) must be at least Recsys:Kafka:SessionTimeoutMs ({options.SessionTimeoutMs})");
        }

        if (KafkaProperties.Problem(options.Properties, KafkaOptions.Section + ":Properties") is { } problem)
        {
            return ValidateOptionsResult.Fail(problem);
        }

        // The in-process mock broker speaks plaintext only: security settings against it would fail every connection.
        if (options.Properties.Count > 0 && string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            return ValidateOptionsResult.Fail(
                "Recsys:Kafka:Properties needs Recsys:Kafka:BootstrapServers: the in-process mock broker used without them speaks plaintext only");
        }

        return ValidateOptionsResult.Success;
    }
}
