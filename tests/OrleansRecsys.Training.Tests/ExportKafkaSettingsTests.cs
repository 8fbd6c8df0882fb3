using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training.Tests;

/// <summary>The training-data export reads Kafka with the operator's settings for a secured cluster.</summary>
public sealed class ExportKafkaSettingsTests
{
    private static readonly Dictionary<string, string> Sasl = new()
    {
        ["security.protocol"] = "SASL_PLAINTEXT",
        ["sasl.mechanism"] = "PLAIN",
        ["sasl.username"] = "recsys-export",
        ["sasl.password"] = "pw",
    };

    [Fact]
    public void The_export_consumer_carries_the_settings_and_its_own_throwaway_group()
    {
        var config = TrainingDataExporter.ExportConsumerConfig(new KafkaClientConfigs("b:9093", Sasl));
        Assert.Equal("b:9093", config.BootstrapServers);
        Assert.Equal("SASL_PLAINTEXT", config.Get("security.protocol"));
        Assert.Equal("pw", config.Get("sasl.password"));
        Assert.StartsWith("recsys-export-", config.GroupId);
        Assert.False(config.EnableAutoCommit);
    }

    /// <summary>The mock broker speaks plaintext without SASL: an export that really uses the settings cannot read it,
    /// and says so, where the same export without them reads the (empty) topics.</summary>
    [Fact]
    public async Task An_export_with_sasl_settings_fails_against_a_plaintext_broker_instead_of_reading_it()
    {
        var (mock, servers) = MockKafkaCluster.Start();
        using var _ = mock;
        var output = Path.GetTempFileName();
        try
        {
            var plain = await TrainingDataExporter.ExportAsync(new(servers, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), output));
            Assert.Equal(0, plain.Rows);

            await Assert.ThrowsAnyAsync<KafkaException>(() => TrainingDataExporter.ExportAsync(
                new(servers, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), output, KafkaProperties: Sasl)));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
