using System.Globalization;
using Confluent.Kafka;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Three silo processes on the cluster profile as it ships (its Kafka group timing and membership probing): after
/// kill -9 of one that owns partitions, no event waits longer than <see cref="KillBound"/> to be applied; after SIGTERM
/// of another, none waits longer than <see cref="GracefulBound"/> and the survivors do not rewind for it; and the probe
/// users end with every event exactly once. The bounds
/// are loose on purpose (docs/benchmarks.md has the measured medians); with the settings shipped before (10 s Kafka
/// session, 5 s x 3 membership probes) an event waited 27 s after the kill, and the test failed.
/// </summary>
public sealed class FailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan KillBound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GracefulBound = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Partitions_of_a_killed_or_stopped_silo_are_consumed_again_within_seconds_and_nothing_is_lost_or_doubled()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-failover-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            var env = SiloProcess.ProfileEnvironment(await TestInfra.CreateDatabaseAsync(), kafka, store, "fo-" + Guid.NewGuid().ToString("N")[..6], TestInfra.SigningKey);
            for (var i = 0; i < 3; i++)
            {
                silos.Add(SiloProcess.Start(env));
            }

            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 1 }).Build();
            await using var probe = new FailoverProbe("fo-" + Guid.NewGuid().ToString("N")[..6], Partitions(producer),
                (p, key, value) => producer.Produce(new TopicPartition(Topics.Interactions, p), new Message<string, byte[]> { Key = key, Value = value }));
            probe.Start();
            await TestInfra.WaitUntil(async () => (await Task.WhenAll(silos.Select(silo => silo.IsLiveAsync()))).All(live => live), TimeSpan.FromSeconds(120),
                () => "all three silos to be live:\n" + string.Join("\n---\n", silos.Select(s => s.Log)));
            using (var reader = Reader(silos[2]))
            {
                await TestInfra.WaitUntil(() => probe.CaughtUpAsync(reader), TimeSpan.FromSeconds(60), "the probe users to be applied");
                await Task.Delay(TimeSpan.FromSeconds(6)); // the group settles with its three members
                await TestInfra.WaitUntil(() => probe.CaughtUpAsync(reader), TimeSpan.FromSeconds(60), "the probe users to be applied");
            }

            await StopAndMeasureAsync(probe, silos, s => s.Kill(), "kill -9", KillBound);
            // A silo that leaves gracefully is seen shutting down before it is dead: the survivors do not rewind for it
            // (a rewind would block their consumers on the group coordinator while the group rebalances around the leaver).
            var before = await Task.WhenAll(silos.Select(MembershipRewindsAsync));
            var kept = silos.ToList();
            await StopAndMeasureAsync(probe, silos, s => s.Terminate(), "SIGTERM", GracefulBound);
            foreach (var survivor in silos)
            {
                Assert.Equal(before[kept.IndexOf(survivor)], await MembershipRewindsAsync(survivor));
            }

            await probe.StopProducingAsync();
            using var last = Reader(silos[0]);
            Assert.Equal("", await probe.ExactnessAsync(last, TimeSpan.FromSeconds(60)));
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
            holder.Dispose();
            Directory.Delete(store, true);
        }
    }

    /// <summary>Stops the first silo that owns partitions and asserts every partition applies new events again in time.</summary>
    private async Task StopAndMeasureAsync(FailoverProbe probe, List<SiloProcess> silos, Action<SiloProcess> stop, string how, TimeSpan bound)
    {
        var victim = await OwnerAsync(silos);
        var survivor = silos.First(s => s != victim && !s.Exited);
        using var reader = Reader(survivor);
        var times = await probe.MeasureAsync(() => stop(victim), reader, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
        victim.WaitForExit(TimeSpan.FromSeconds(30)); // a silo stopping gracefully writes its grains' state on the way out
        silos.Remove(victim);
        victim.Dispose();
        var shown = string.Join(" ", times.Select(t => t?.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) ?? "never"));
        output.WriteLine($"{how}: longest wait of an event per partition, in seconds: {shown}");
        Assert.All(times, t => Assert.True(t is { } time && time <= bound,
            $"after {how}, every partition must be consumed again within {bound.TotalSeconds} s; took {shown}\nsurvivor's log:\n{survivor.Log}"));
    }

    private static async Task<SiloProcess> OwnerAsync(List<SiloProcess> silos)
    {
        foreach (var silo in silos.Where(s => !s.Exited))
        {
            if (await OwnsPartitionsAsync(silo))
            {
                return silo;
            }
        }

        throw new InvalidOperationException("no running silo owns a partition of " + Topics.Interactions);
    }

    private static HttpClient Reader(SiloProcess silo)
    {
        var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(Roles.Read));
        return http;
    }


    /// <summary>A silo shows a partition's lag in /metrics once it has consumed from it.</summary>
    private static async Task<bool> OwnsPartitionsAsync(SiloProcess silo)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(2) };
            // The lag gauge, not any series naming the topic: counters such as recsys_ingest_rejected_total name it from the start.
            return (await http.GetStringAsync("/metrics")).Split('\n').Any(l => l.StartsWith("recsys_ingest_consumer_lag{", StringComparison.Ordinal)
                && l.Contains($"topic=\"{Topics.Interactions}\"", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The silo's rewinds for a silo's death so far (recsys_ingest_rewinds_total, reason membership).</summary>
    private static async Task<double> MembershipRewindsAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(5) };
        var metrics = await http.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith("recsys_ingest_rewinds_total{", StringComparison.Ordinal) && l.Contains("reason=\"membership\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static int Partitions(IProducer<string, byte[]> producer)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        return admin.GetMetadata(Topics.Interactions, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
    }
}
