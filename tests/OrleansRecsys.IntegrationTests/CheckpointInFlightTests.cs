using System.Globalization;
using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A checkpoint's writes do not stop ingestion, and offsets still follow durable state: while PostgreSQL holds a
/// checkpoint's grain writes behind a table lock, the silo goes on applying events (readable at once) and commits no
/// offset; once the writes go through, it commits them all.
/// </summary>
public sealed class CheckpointInFlightTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_are_applied_and_served_while_a_checkpoint_write_is_held_and_their_offsets_commit_only_once_it_is_durable()
    {
        await TestInfra.WithOwnKafkaAsync("ckpt-inflight", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var group = "ckpt-inflight-" + Guid.NewGuid().ToString("N")[..6];
            await using var host = await GridHost.StartAsync(kafka, db, group, store, train: false);
            using var admin = host.Http(Roles.Admin);
            using var producer = Interactions.Producer(kafka, lingerMs: 5);
            var events = UserReference.Generate("cif-u", 40, 900, seed: 31);

            Produce(producer, events, 0, 300);
            await TestInfra.WaitUntil(() => Task.FromResult(CommittedInteractions(kafka, group) == 300), Patience, "the first 300 events to be committed");

            await using var sql = new NpgsqlConnection(db);
            await sql.OpenAsync();
            await using (var blocker = await sql.BeginTransactionAsync())
            {
                // Writers wait behind this lock (readers do not): the next checkpoint's grain writes stall inside PostgreSQL.
                await using (var lockTable = new NpgsqlCommand("LOCK TABLE orleans_grain_state IN EXCLUSIVE MODE", sql, blocker))
                {
                    await lockTable.ExecuteNonQueryAsync();
                }

                var begun = CheckpointsBegun(await admin.GetStringAsync("/metrics"));
                Produce(producer, events, 300, 600);
                await TestInfra.WaitUntil(async () => CheckpointsBegun(await admin.GetStringAsync("/metrics")) > begun
                    && await UserReference.AllMatchAsync(host.Grains, UserReference.From(events.Take(600))), Patience,
                    "events 300-599 to be applied and a checkpoint covering them to begin (its writes held by the lock)");

                Produce(producer, events, 600, 900);
                await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(host.Grains, UserReference.From(events)), Patience,
                    "events 600-899 to be applied while the checkpoint's writes are held");
                Assert.Equal(300, CommittedInteractions(kafka, group));
                await blocker.CommitAsync();
            }

            await TestInfra.WaitUntil(() => Task.FromResult(CommittedInteractions(kafka, group) == 900), Patience, "all 900 events to be committed once the writes went through");
            Assert.True(await UserReference.AllMatchAsync(host.Grains, UserReference.From(events)), "every user equals the reference after the commit");
        });
    }

    private static void Produce(IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            producer.ProduceInteraction($"cif-{i}", events[i]);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Interaction messages the consumer group has committed, over every partition.</summary>
    private static long CommittedInteractions(string kafka, string group)
    {
        using var admin = new AdminClientBuilder(new KafkaClientConfigs(kafka).Admin()).Build();
        var partitions = admin.GetMetadata(Topics.Interactions, TimeSpan.FromSeconds(10)).Topics[0].Partitions
            .Select(p => new TopicPartition(Topics.Interactions, p.PartitionId)).ToList();
        var config = new KafkaClientConfigs(kafka).Consumer();
        config.GroupId = group;
        using var reader = new ConsumerBuilder<string, byte[]>(config).Build();
        return reader.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(o => Math.Max(0, o.Offset.Value));
    }

    /// <summary>Checkpoints that started flushing (each records how many grains it flushes as it begins).</summary>
    private static double CheckpointsBegun(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("recsys_ingest_checkpoint_grains_count", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
