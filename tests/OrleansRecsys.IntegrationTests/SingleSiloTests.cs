using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>One silo of its own on memory storage: state across idle deactivation, and pausing ingestion.</summary>
public sealed class SingleSiloTests
{
    [Fact]
    public async Task A_paused_consumer_applies_nothing_until_it_resumes_and_then_everything_once()
    {
        await TestInfra.WithOwnKafkaAsync("pause", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "pause", store, train: false);
            using var producer = new Confluent.Kafka.ProducerBuilder<string, byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = kafka, LingerMs = 1 }).Build();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            void Produce(int from, int count)
            {
                for (var i = from; i < from + count; i++)
                {
                    producer.Produce(Topics.Interactions, new Confluent.Kafka.Message<string, byte[]>
                    {
                        Key = "pause-u" + (i % 5),
                        Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { eventId = "pause-" + i, userId = "pause-u" + (i % 5), itemId = "pause-i", type = "click", ts = now + i }),
                    });
                }

                producer.Flush(TimeSpan.FromSeconds(10));
            }

            async Task<double> Clicks() =>
                (await Task.WhenAll(Enumerable.Range(0, 5).Select(u => host.Grains.GetGrain<IUserFeatureGrain>("pause-u" + u).GetFeaturesAsync(now + 1000).AsTask()))).Sum(f => f.Numbers["user_clicks_total"]);

            // The consumer has joined and applies.
            Produce(0, 10);
            await TestInfra.WaitUntil(async () => await Clicks() == 10, TimeSpan.FromSeconds(30), "the first 10 events");

            host.Ingestion.Pause();
            await Task.Delay(300);
            Produce(10, 40);
            await Task.Delay(1500);
            Assert.Equal(10, await Clicks());

            host.Ingestion.Resume();
            await TestInfra.WaitUntil(async () => await Clicks() == 50, TimeSpan.FromSeconds(30), "the 40 events produced while paused");
            await Task.Delay(500);
            Assert.Equal(50, await Clicks());
        });
    }

    [Fact]
    public async Task On_memory_storage_an_idle_grain_deactivated_and_activated_again_keeps_all_its_features()
    {
        await TestInfra.WithOwnKafkaAsync("memstate", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "memstate", store, train: false);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var user = host.Grains.GetGrain<IUserFeatureStateGrain>("memstate-u1");
            var item = host.Grains.GetGrain<IItemFeatureStateGrain>("memstate-i1");
            await item.ApplyAsync(new ApplyBatch([new SourcedEvent("test/0", 0, null, new ItemUpsert("memstate-i1", "shoes", 12.5, [], now - 1000))], []));
            await user.ApplyAsync(new ApplyBatch(
            [
                new SourcedEvent("test/1", 0, new Interaction("e0", "memstate-u1", "memstate-i1", InteractionType.Click, now - 900, 0, null, "shoes"), null),
                new SourcedEvent("test/1", 1, new Interaction("e1", "memstate-u1", "memstate-i2", InteractionType.Purchase, now - 800, 30, null, "books"), null),
            ], []));
            var userBefore = await user.GetFeaturesAsync(now);
            var itemBefore = await item.GetFeaturesAsync(now);
            Assert.NotEmpty(userBefore.Recent["user_recent_items"]);
            Assert.NotEmpty(userBefore.Keyed["user_category_affinity"]);
            Assert.Equal("shoes", itemBefore.Labels["item_category"]);

            // Collect both activations (idle for over 1 s), so the next calls activate them from storage.
            await Task.Delay(1500);
            await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
            await Task.Delay(500);

            var userAfter = await user.GetFeaturesAsync(now);
            var itemAfter = await item.GetFeaturesAsync(now);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(userBefore), System.Text.Json.JsonSerializer.Serialize(userAfter));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(itemBefore), System.Text.Json.JsonSerializer.Serialize(itemAfter));

            // The watermarks came back too: the same offsets again change nothing.
            var replay = await user.ApplyAsync(new ApplyBatch([new SourcedEvent("test/1", 1, new Interaction("e1", "memstate-u1", "memstate-i2", InteractionType.Purchase, now - 800, 30, null, "books"), null)], []));
            Assert.Equal((0, 1), (replay.Applied, replay.Duplicates));
        });
    }
}
