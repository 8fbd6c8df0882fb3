using Microsoft.Extensions.Options;

namespace OrleansRecsys.Ingestion;

/// <summary>Cross-field rules of <c>Recsys:Kafka</c>'s group timing, checked at start rather than left to librdkafka,
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

        return ValidateOptionsResult.Success;
    }
}
