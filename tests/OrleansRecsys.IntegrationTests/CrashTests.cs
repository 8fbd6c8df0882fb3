using System.Net;
using Confluent.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Three silo processes on PostgreSQL membership and storage: a kill -9 mid-ingestion loses and double-counts nothing.</summary>
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Events sent again after the kill, at new offsets with their old ids.</summary>
    private const int Resent = 2000;

    [Fact]
    public async Task Killing_a_silo_mid_ingestion_loses_nothing_and_counts_nothing_twice()
    {
        using var cluster = await ProcessCluster.StartAsync("crash", silos: 3);
        var events = UserReference.Generate("crash-u", 2000, 60_000, seed: 8);
        using var producer = Interactions.Producer(cluster.Kafka, lingerMs: 5);
        // The last quarter waits for the kill, so the kill always lands mid-stream however fast this machine produces.
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var produce = Task.Run(() => Interactions.ProduceSteadilyAsync(producer, events, "crash-", holdAt: events.Count * 3 / 4, killed.Task));
        // Rank against a surviving silo throughout: every answer is a 200 (model or fallback), never a 5xx.
        await using var ranking = RankLoad.Start(cluster.Silos[1].Url, "crash-u", 2000, TimeSpan.FromMilliseconds(20));

        // Kill -9 the first silo mid-stream: it started first, so it hosts most user and item grains (placement favours
        // the calling silo) with state not yet flushed, and it owns partitions the others must re-consume.
        await WaitUntilConsumingAsync(cluster.Silos[0]);
        var killedAt = DateTime.UtcNow;
        cluster.Silos[0].Kill();
        killed.SetResult();
        await produce;
        ResendFirstEvents(producer, events);

        await TestInfra.WaitUntil(() => cluster.MatchesReferenceAsync(UserReference.From(events), UserReference.Items(events)), TimeSpan.FromSeconds(120),
            () => "every user and item to equal the reference after the crash; survivors' warnings:\n" + Warnings(cluster.Silos[1]) + "\n---\n" + Warnings(cluster.Silos[2]));
        var (statuses, fallbacksAt) = await ranking.StopAsync();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        ReportFailover(statuses.Count, fallbacksAt, killedAt);
        Assert.True(await cluster.MembersAsync(SiloStatus.Dead) >= 1, "the killed silo is declared dead in the membership table");
    }

    /// <summary>Waits (5 s at most) until the silo exports consumer lag for the interactions topic, then a second more,
    /// so it owns partitions and holds unflushed state when it is killed.</summary>
    private static async Task WaitUntilConsumingAsync(SiloProcess silo)
    {
        using var metrics = new HttpClient { BaseAddress = new Uri(silo.Url) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(5) &&
               !(await metrics.GetStringAsync("/metrics")).Split('\n').Any(l => l.StartsWith("recsys_ingest_consumer_lag{", StringComparison.Ordinal)
                   && l.Contains("topic=\"recsys.interactions\"", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>After the kill, the first events are sent again at new offsets with their event ids: the survivors read
    /// the remembered ids from PostgreSQL (or replay them from Kafka) and count nothing twice.</summary>
    private static void ResendFirstEvents(IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events)
    {
        for (var i = 0; i < Resent; i++)
        {
            producer.ProduceInteraction($"crash-{i}", events[i]);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private void ReportFailover(int ranks, IReadOnlyList<DateTime> fallbacksAt, DateTime killedAt)
    {
        var lastFallback = fallbacksAt.Where(t => t >= killedAt).DefaultIfEmpty(killedAt).Max();
        output.WriteLine($"failover: {ranks} ranks, all 200; {fallbacksAt.Count(t => t >= killedAt)} fell back after the kill; " +
            $"the last fallback came {(lastFallback - killedAt).TotalSeconds:F1} s after the kill (model answers again after it)");
    }

    private static string Warnings(SiloProcess silo) =>
        string.Join("\n", silo.Log.Split('\n').Where(l => l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)).TakeLast(30));
}
