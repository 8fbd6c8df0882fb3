using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Events sent again with the same event id, at new offsets, long after the first time, through Kafka or HTTP, change
/// no user feature and no item feature. Each test ends with one new event per user, produced after the re-sent ones on
/// the same partition: once the users show it, the re-sent events were consumed too.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ResentEventTests(GridFixture grid)
{
    private const int Items = 10;

    [Fact]
    public async Task Kafka_events_re_sent_10000_events_later_change_no_user_or_item_feature()
    {
        var events = UserReference.Generate("resend-k-u", 3, 10_200, seed: 21);
        using (var producer = grid.Producer())
        {
            Produce(producer, "resend-k", "", events, 0);
            Produce(producer, "resend-k", "", events.Take(200).ToList(), 0);
            Produce(producer, "resend-k", "", events.TakeLast(200).ToList(), events.Count - 200);
            var last = Sentinels("resend-k-u", 3);
            Produce(producer, "resend-k", "last-", last, 0);
            events.AddRange(last);
        }

        await WaitForReferenceAsync("resend-k", events);
    }

    [Fact]
    public async Task An_http_batch_retried_whole_and_in_part_changes_no_user_or_item_feature()
    {
        using var http = grid.Host.Http(Roles.Ingest);
        var events = UserReference.Generate("resend-h-u", 100, 500, seed: 22);
        var batch = events.Select((e, i) => Body("resend-h", $"{i}", e)).ToArray();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var answer = await http.PostAsJsonAsync("/v1/events", batch);
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            var entries = (await answer.Json()).GetProperty("entries");
            Assert.Equal(batch.Length, entries.GetArrayLength());
            Assert.All(entries.EnumerateArray(), e => Assert.Equal("accepted", e.GetProperty("status").GetString()));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", batch[100..250])).StatusCode);
        var last = Sentinels("resend-h-u", 100);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/events", last.Select((e, i) => Body("resend-h", $"last-{i}", e)))).StatusCode);
        events.AddRange(last);

        await WaitForReferenceAsync("resend-h", events);
    }

    [Fact]
    public async Task An_event_older_than_its_users_horizon_is_dead_lettered_with_its_reason_and_counts_nowhere()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var newest = ("resend-old-u", "click", now, 0.0);
        var tooOld = ("resend-old-u", "click", now - (30 * 3_600_000L), 0.0);
        using (var producer = grid.Producer())
        {
            Produce(producer, "resend-old", "", [newest, tooOld], 0);
        }

        var reasons = new List<string>();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = grid.Kafka, GroupId = "dlq-horizon-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topics.DeadLetter);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (reasons.Count == 0 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Key: "resend-old-u" } letter)
            {
                reasons.Add(System.Text.Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("error")));
            }
        }

        Assert.Equal(["outside_dedup_horizon"], reasons);
        await WaitForReferenceAsync("resend-old", [newest]);
    }

    /// <summary>One click per user, now, so it is each user's newest event.</summary>
    private static List<(string User, string Type, long Ts, double Value)> Sentinels(string userPrefix, int users)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Enumerable.Range(0, users).Select(u => ($"{userPrefix}{u}", "click", now - u, 0.0)).ToList();
    }

    private static void Produce(IProducer<string, byte[]> producer, string group, string idPrefix, List<(string User, string Type, long Ts, double Value)> events, int firstIndex)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(Body(group, $"{idPrefix}{firstIndex + i}", events[i]));
            producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = events[i].User, Value = body });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>The event as JSON (ids unique within the group); its item follows from its time, so the items'
    /// reference follows from the events alone.</summary>
    private static object Body(string group, string id, (string User, string Type, long Ts, double Value) e) =>
        new { eventId = $"{group}-{id}", userId = e.User, itemId = ItemOf(group, e.Ts), type = e.Type, ts = e.Ts, value = e.Value };

    private static string ItemOf(string group, long ts) => $"{group}-it{ts % Items}";

    private async Task WaitForReferenceAsync(string group, List<(string User, string Type, long Ts, double Value)> events)
    {
        var users = UserReference.From(events);
        await TestInfra.WaitUntil(() => UserReference.AllMatchAsync(grid.Host.Grains, users), TimeSpan.FromSeconds(60), $"{users.Count} users to equal the reference");
        var items = events.GroupBy(e => ItemOf(group, e.Ts)).ToDictionary(
            g => g.Key, g => ((long)g.Count(e => e.Type == "view"), (long)g.Count(e => e.Type == "click"), (long)g.Count(e => e.Type == "purchase")));
        await TestInfra.WaitUntil(async () =>
        {
            foreach (var (item, expected) in items)
            {
                if (!UserReference.ItemMatches(await grid.Host.Grains.GetGrain<IItemFeatureGrain>(item).GetFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), expected))
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(30), $"{items.Count} items to equal the reference");
    }
}
