using Confluent.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Offsets restart at 0 when a topic is recreated or the grid moves to another cluster, while the state in PostgreSQL
/// keeps watermarks from the old log. The restart is detected, logged, counted, and the new log's events apply.
/// </summary>
public sealed class OffsetEpochTests
{
    [Fact]
    public async Task Events_on_a_new_cluster_whose_offsets_restart_apply_in_a_new_epoch_and_the_restart_is_counted()
    {
        var db = await TestInfra.CreateDatabaseAsync();
        var before = UserReference.Generate("epoch-u", 20, 1500, seed: 31);
        await TestInfra.WithOwnKafkaAsync("epoch-old", async (kafka, store) =>
        {
            await using var grid = await GridHost.StartAsync(kafka, db, "epoch-group", store, train: false);
            Produce(kafka, before, "old");
            await WaitForReference(grid, UserReference.From(before));
        });

        // A new broker: the same topics, offsets from 0 again, and the same consumer group name.
        var after = UserReference.Generate("epoch-u", 20, 500, seed: 32);
        await TestInfra.WithOwnKafkaAsync("epoch-new", async (kafka, store) =>
        {
            await using var grid = await GridHost.StartAsync(kafka, db, "epoch-group", store, train: false);
            Produce(kafka, after, "new");
            await WaitForReference(grid, UserReference.From(before.Concat(after)));
            using var admin = grid.Http(Roles.Admin);
            var metrics = await admin.GetStringAsync("/metrics");
            // The series exists at 0 from the start: the new epoch must have counted.
            Assert.Contains(metrics.Split('\n'), l => l.StartsWith("recsys_ingest_offset_epochs_total{", StringComparison.Ordinal)
                && l.Contains($"topic=\"{Topics.Interactions}\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        });
    }

    private static void Produce(string kafka, List<(string User, string Type, long Ts, double Value)> events, string idPrefix)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build();
        for (var i = 0; i < events.Count; i++)
        {
            producer.ProduceInteraction($"epoch-{idPrefix}-{i}", events[i]);
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static Task WaitForReference(GridHost host, Dictionary<string, UserReference> reference) =>
        TestInfra.WaitUntil(() => UserReference.AllMatchAsync(host.Grains, reference), TimeSpan.FromSeconds(90), $"{reference.Count} users to equal the reference");
}
