using Confluent.Kafka;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Durability and replay on PostgreSQL: a restarted silo keeps its state, and neither a full replay nor events
/// re-sent after the restart count twice.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task State_survives_a_restart_and_neither_a_full_replay_nor_events_re_sent_afterwards_count_twice()
    {
        await TestInfra.WithOwnKafkaAsync("restart", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var first = UserReference.Generate("rs-u", 30, 2000, seed: 5);
            var second = UserReference.Generate("rs-u", 30, 1000, seed: 6);
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build();

            RolloutPlan? planBefore;
            RolloutChange[] historyBefore;
            await using (var a = await GridHost.StartAsync(kafka, db, "group-a", store, train: true))
            {
                Produce(producer, first, 0);
                using var admin = a.Http(Roles.Admin);
                Assert.Equal(System.Net.HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "v2")).StatusCode);
                var coordinator = a.Grains.GetGrain<IRolloutCoordinatorGrain>("ranker");
                var set = await coordinator.UpdateAsync(new RolloutUpdate("v2", 12.5m, null, null, 1, "before restart"), "tester");
                Assert.Equal(RolloutOutcome.Ok, set.Outcome);
                planBefore = await coordinator.GetPlanAsync();
                historyBefore = await coordinator.GetHistoryAsync();
                await WaitForReference(a, UserReference.From(first));
            }

            // A new silo on the same database, in a new consumer group: it replays every offset from 0.
            using var counters = new IngestCounters();
            await using var b = await GridHost.StartAsync(kafka, db, "group-b", store, train: false);

            // The rollout plan, its history and the registered models come back from PostgreSQL and the model store: the
            // silo gets ready (both routed versions load from the store), and its first rank is served by the model.
            var coordinatorB = b.Grains.GetGrain<IRolloutCoordinatorGrain>("ranker");
            await b.WaitUntilReadyAsync();
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(planBefore), System.Text.Json.JsonSerializer.Serialize(await coordinatorB.GetPlanAsync()));
            Assert.Equal(historyBefore.Select(h => (h.Revision, h.Action, h.Who, h.Why)), (await coordinatorB.GetHistoryAsync()).Select(h => (h.Revision, h.Action, h.Who, h.Why)));
            var ranked = await b.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest("after-restart", ["i1", "i2"], 2, "ranker", DeadlineMs: 5000));
            Assert.False(ranked.Fallback, ranked.FallbackReason);
            Produce(producer, second, first.Count);
            await WaitForReference(b, UserReference.From(first.Concat(second)));
            await TestInfra.WaitUntil(() => Task.FromResult(counters.AppliedBy(b) > 0), TimeSpan.FromSeconds(10), "applies");
            Assert.True(counters.DuplicatesSkippedBy(b) >= first.Count, $"the replay skipped {counters.DuplicatesSkippedBy(b)} duplicates");

            // The first events sent again after the restart, at new offsets and with their event ids, change nothing:
            // the remembered ids came back from PostgreSQL. The events after them show the re-sent ones were consumed.
            var third = UserReference.Generate("rs-u", 30, 300, seed: 7);
            Produce(producer, first.Take(500).ToList(), 0);
            Produce(producer, third, first.Count + second.Count);
            await WaitForReference(b, UserReference.From(first.Concat(second).Concat(third)));
        });
    }

    private static void Produce(IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events, int offset)
    {
        for (var i = 0; i < events.Count; i++)
        {
            producer.ProduceInteraction($"rs-{offset + i}", events[i]);
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static Task WaitForReference(GridHost host, Dictionary<string, UserReference> reference) =>
        TestInfra.WaitUntil(() => UserReference.AllMatchAsync(host.Grains, reference), TimeSpan.FromSeconds(90), $"{reference.Count} users to equal the reference");
}
