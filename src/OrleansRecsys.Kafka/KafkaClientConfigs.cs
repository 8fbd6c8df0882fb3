using Confluent.Kafka;

namespace OrleansRecsys.Kafka;

/// <summary>
/// Where every Kafka client the grid and its tools create gets its configuration: the bootstrap servers plus the
/// operator's librdkafka settings (<c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>, ...), so a secured cluster
/// is reached by the ingestion consumer, the grid's producer (HTTP intake, dead letters, prediction log), the
/// readiness probe and <c>recsysctl export-training</c> alike. Each caller adds its own settings on top.
/// </summary>
public sealed class KafkaClientConfigs
{
    private readonly Dictionary<string, string> _properties;

    public KafkaClientConfigs(string bootstrapServers, IReadOnlyDictionary<string, string>? properties = null)
    {
        BootstrapServers = bootstrapServers;
        _properties = properties is null ? [] : new Dictionary<string, string>(properties, StringComparer.Ordinal);
        if (KafkaProperties.Problem(_properties, "Kafka properties") is { } problem)
        {
            throw new ArgumentException(problem, nameof(properties));
        }
    }

    public string BootstrapServers { get; }

    public IReadOnlyDictionary<string, string> Properties => _properties;

    public ProducerConfig Producer() => Apply(new ProducerConfig());

    public ConsumerConfig Consumer() => Apply(new ConsumerConfig());

    public AdminClientConfig Admin() => Apply(new AdminClientConfig());

    /// <summary>Bootstrap servers and settings with secrets redacted, for logs.</summary>
    public override string ToString() => $"{BootstrapServers} ({KafkaProperties.Describe(_properties)})";

    private T Apply<T>(T config) where T : ClientConfig
    {
        foreach (var (key, value) in _properties)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = BootstrapServers;
        return config;
    }
}
