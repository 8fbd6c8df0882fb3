using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class IngestionTests(GridFixture grid)
{
    [Fact]
    public async Task Kafka_events_are_applied_exactly_and_bad_ones_go_to_dead_letters_with_reasons()
    {
        var events = UserReference.Generate("ing-u", 40, 3000, seed: 11);
        var reference = UserReference.From(events);
        const string ok = "\"eventId\":\"x\",\"userId\":\"ing-u1\",\"itemId\":\"i\"";
        var poison = new (string Value, string Reason)[]
        {
            ("{not json", "invalid_json"),
            ("", "invalid_json"),
            ("[1,2,3]", "not_object"),
            ("\"a string\"", "not_object"),
            ("""{"eventId":"x","userId":"ing-u1","itemId":"i","type":"like","ts":1}""", "invalid_field"),
            ("""{"eventId":"x","userId":"ing-u1","itemId":"i","type":7,"ts":1}""", "invalid_field"),
            ("""{"userId":"ing-u1","itemId":"i","type":"view","ts":1}""", "missing_field"),
            ("""{"eventId":"x","itemId":"i","type":"view","ts":1}""", "missing_field"),
            ("""{"eventId":"x","userId":"ing-u1","type":"view","ts":1}""", "missing_field"),
            ("{" + ok + ""","ts":1}""", "missing_field"),
            ("{" + ok + ""","type":"view"}""", "missing_field"),
            ("""{"eventId":"","userId":"ing-u1","itemId":"i","type":"view","ts":1}""", "invalid_field"),
            ("""{"eventId":"x","userId":"ing-u1","itemId":"","type":"view","ts":1}""", "invalid_field"),
            ("""{"eventId":["x"],"userId":"ing-u1","itemId":"i","type":"view","ts":1}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":9999999999999}""", "future_timestamp"),
            ("{" + ok + ""","type":"view","ts":"2026-11-30T04:00:00"}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":"yesterday"}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":1.5}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":1,"value":-3}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":1,"value":NaN}""", "invalid_json"),
            ("{" + ok + ""","type":"view","ts":1,"value":"Infinity"}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":1,"value":1e999}""", "invalid_field"),
            ("{" + ok + ""","type":"view","ts":1,"requestId":42}""", "invalid_field"),
            ("""{"eventId":"x","userId":"\udc00","itemId":"i","type":"view","ts":1}""", "invalid_json"),
            ("{\"eventId\":\"x\",\"userId\":\"ing-u1\",\"itemId\":\"" + new string('i', 129) + "\",\"type\":\"view\",\"ts\":1}", "invalid_field"),
            ("{" + ok + ",\"type\":\"view\",\"ts\":1,\"pad\":\"" + new string('p', 1_000_000) + "\"}", "too_large"),
        };
        using (var producer = grid.Producer())
        {
            for (var i = 0; i < events.Count; i++)
            {
                producer.ProduceInteraction($"ing-{i}", events[i]);
                if (i % 100 == 0 && i / 100 < poison.Length)
                {
                    var p = poison[i / 100];
                    producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = "ing-u1", Value = Encoding.UTF8.GetBytes(p.Value) });
                }
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(grid.Host.Grains, reference), TimeSpan.FromSeconds(60), "all 40 users to equal the reference");

        var letters = ConsumeDeadLetters(poison.Length);
        Assert.Equal(poison.Select(p => p.Reason).Order(), letters.Select(l => l.Reason).Order());
        Assert.All(letters, l => Assert.Equal(Topics.Interactions, l.SourceTopic));
        Assert.Contains(letters, l => l.Value == "{not json");
        Assert.Contains(letters, l => l.Reason == "too_large" && l.Value.Length == Ingestion.EventPublisher.DeadLetterKeptBytes);
    }

    [Fact]
    public async Task Http_events_reach_the_user_and_item_features()
    {
        using var http = grid.Host.Http(Roles.Ingest, Roles.Read);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = await http.PostAsJsonAsync("/v1/items", new[] { new { itemId = "http-i1", category = "garden", price = 20.0, ts = now - 5000 } });
        Assert.Equal(HttpStatusCode.Accepted, items.StatusCode);
        await TestInfra.WaitUntil(async () => (await (await http.GetAsync("/v1/features/items/http-i1")).Json())
            .GetProperty("features").TryGetProperty("item_category", out _), TimeSpan.FromSeconds(30), "the item upsert");

        var response = await http.PostAsJsonAsync("/v1/events", new object[]
        {
            new { eventId = "h1", userId = "http-u1", itemId = "http-i1", type = "click", ts = now - 1000 },
            new { eventId = "h2", userId = "http-u1", itemId = "http-i1", type = "purchase", ts = now, value = 10.0 },
            new { eventId = "h3", userId = "http-u1", itemId = "http-i1", type = "teleport", ts = now },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected")[0].GetProperty("index").GetInt32());

        await TestInfra.WaitUntil(async () =>
        {
            var f = (await (await http.GetAsync("/v1/features/users/http-u1")).Json()).GetProperty("features");
            return f.GetProperty("user_purchases_total").GetDouble() == 1 && f.GetProperty("user_category_affinity").TryGetProperty("garden", out _);
        }, TimeSpan.FromSeconds(30), "the user's purchase and affinity");
        var item = (await (await http.GetAsync("/v1/features/items/http-i1")).Json()).GetProperty("features");
        Assert.Equal(1, item.GetProperty("item_purchases_total").GetDouble());
        Assert.Equal(20.0, item.GetProperty("item_price").GetDouble());
    }

    private List<(string Reason, string SourceTopic, string Value)> ConsumeDeadLetters(int expected)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = grid.Kafka,
            GroupId = "dlq-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(Topics.DeadLetter);
        var found = new List<(string, string, string)>();
        var seen = new HashSet<string>(); // dead letters are at-least-once: a rewind may produce one again
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (found.Count < expected && DateTime.UtcNow < deadline)
        {
            var m = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (m?.Message?.Key != "ing-u1")
            {
                continue;
            }

            string H(string name) => Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes(name));
            Assert.False(string.IsNullOrEmpty(H("source-offset")));
            Assert.False(string.IsNullOrEmpty(H("source-partition")));
            if (!seen.Add(H("source-partition") + "/" + H("source-offset")))
            {
                continue;
            }

            found.Add((H("error"), H("source-topic"), Encoding.UTF8.GetString(m.Message.Value)));
        }

        consumer.Close();
        return found;
    }
}
