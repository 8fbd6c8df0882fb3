using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Features;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Ingestion load: events produced open-loop at a fixed rate into the silo's Kafka (timestamped when sent), and
/// the applied rate and freshness (event time → applied state) read from the silo's own instruments.
/// </summary>
public static class IngestLoad
{
    public sealed record Result(string Name, double OfferedRate, int Users, double AppliedPerSecond, double FreshnessP50Ms, double FreshnessP99Ms, long Produced, long Applied)
    {
        public static string Header => $"{"run",-22} {"offered/s",10} {"users",8} {"applied/s",10} {"fresh p50 ms",13} {"fresh p99 ms",13}";

        public override string ToString() => $"{Name,-22} {OfferedRate,10:F0} {Users,8} {AppliedPerSecond,10:F0} {FreshnessP50Ms,13:F1} {FreshnessP99Ms,13:F1}";
    }

    private static int _runs;

    /// <summary>A producer for generated load: large batches and a deep queue, so the generator never blocks.</summary>
    private static IProducer<string, byte[]> NewProducer(GridUnderTest grid) => new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = grid.Kafka,
        LingerMs = 5,
        BatchNumMessages = 10_000,
        QueueBufferingMaxMessages = 2_000_000,
    }).Build();

    public static async Task<Result> RunAsync(GridUnderTest grid, double rate, int users, TimeSpan duration, TimeSpan warmup = default)
    {
        // Event ids unique to this run: a second run in one process must not repeat the first one's ids, which the
        // grains' event-id de-duplication would rightly drop.
        var run = Interlocked.Increment(ref _runs);
        using var freshness = new FreshnessRecorder();
        using var counter = new IngestCounter();
        using var producer = NewProducer(grid);
        await WaitUntilConsumingAsync(producer, counter);
        if (warmup > TimeSpan.Zero)
        {
            // Activate the users' grains at the same rate first: steady state is what the run should measure.
            Produce(producer, rate, (long)(rate * warmup.TotalSeconds), users, $"warm{run}", counter, null);
            producer.Flush(TimeSpan.FromSeconds(30));
            await Task.Delay(2000);
        }

        await Task.Delay(1000);
        freshness.Clear();
        var appliedBefore = counter.Applied;
        var total = (long)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        Produce(producer, rate, total, users, $"load{run}", counter, appliedBefore);
        producer.Flush(TimeSpan.FromSeconds(30));
        var produceEnd = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Each event is applied to a user and an item grain.
        var drainedAt = await WaitForDrainAsync(counter, appliedBefore + (2 * total), start);
        var applied = counter.Applied - appliedBefore;
        if (applied < 2 * total)
        {
            Console.Error.WriteLine($"[ingest] only {applied / 2} of {total} events applied after the drain wait (duplicates skipped: {counter.Duplicates} so far; the mock broker keeps ~5 MiB per partition and drops older backlog)");
        }

        Console.Error.WriteLine($"[ingest] produced for {produceEnd:F1}s, drained at {drainedAt:F1}s");
        return new Result($"ingest {rate:F0}/s", rate, users, applied / 2.0 / drainedAt, freshness.Quantile(0.5), freshness.Quantile(0.99), total, applied / 2);
    }

    /// <summary>Warm-up: waits until the consumer has joined its group and applies events, so the run measures steady state.</summary>
    private static async Task WaitUntilConsumingAsync(IProducer<string, byte[]> producer, IngestCounter counter)
    {
        var warmStart = Stopwatch.StartNew();
        while (counter.Applied == 0 && warmStart.Elapsed < TimeSpan.FromSeconds(60))
        {
            producer.Produce(Topics.Interactions, new Message<string, byte[]>
            {
                Key = "warm",
                Value = JsonSerializer.SerializeToUtf8Bytes(new { eventId = "warm-" + warmStart.ElapsedTicks, userId = "warm", itemId = "i1", type = "view", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }),
            });
            producer.Flush(TimeSpan.FromSeconds(5));
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until <paramref name="target"/> applications, progress stalls for 3 s, or 60 s pass; returns the seconds
    /// from <paramref name="start"/> until the last event was applied, not until the end of the wait for stragglers.
    /// </summary>
    private static async Task<double> WaitForDrainAsync(IngestCounter counter, long target, long start)
    {
        var drainDeadline = DateTime.UtcNow.AddSeconds(60);
        var last = counter.Applied;
        var lastChange = DateTime.UtcNow;
        var lastAt = Stopwatch.GetElapsedTime(start).TotalSeconds;
        while (counter.Applied < target && DateTime.UtcNow < drainDeadline && DateTime.UtcNow - lastChange < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(20);
            var now = counter.Applied;
            if (now != last)
            {
                (last, lastChange, lastAt) = (now, DateTime.UtcNow, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        return lastAt;
    }

    public sealed record CatchUpResult(int Users, int Rounds, long EventsPerRound, double AppliedPerSecond, double SlowestRoundPerSecond, double FastestRoundPerSecond)
    {
        public static string Header => $"{"run",-22} {"users",8} {"rounds",7} {"events/round",13} {"applied/s",10} {"slowest/s",10} {"fastest/s",10}";

        public override string ToString() => $"{"catch-up",-22} {Users,8} {Rounds,7} {EventsPerRound,13} {AppliedPerSecond,10:F0} {SlowestRoundPerSecond,10:F0} {FastestRoundPerSecond,10:F0}";
    }

    /// <summary>
    /// Catch-up capacity: with the silo's consumer paused, a backlog of <paramref name="perRound"/> events is
    /// produced; then the consumer resumes and the time until every event is applied (to its user and its item) is
    /// measured. The generator is idle while the silo drains, so this is the silo's own rate. A first, unmeasured
    /// round activates the users' grains. Rounds stay within the mock broker's ~5 MiB per partition.
    /// </summary>
    public static async Task<CatchUpResult> CatchUpAsync(GridUnderTest grid, int users, long perRound, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var ingestion = grid.Services.GetRequiredService<IngestionService>();
        using var counter = new IngestCounter();
        var run = Interlocked.Increment(ref _runs);
        using var producer = NewProducer(grid);
        var rates = new List<double>();
        long events = 0;
        var seconds = 0.0;
        for (var round = 0; round <= rounds; round++)
        {
            ingestion.Pause();
            await Task.Delay(300); // the batch in flight finishes
            var before = counter.Applied;
            Produce(producer, double.PositiveInfinity, perRound, users, $"catchup{run}-{round}", counter, null);
            producer.Flush(TimeSpan.FromSeconds(60));
            var start = Stopwatch.GetTimestamp();
            ingestion.Resume();
            var drain = await WatchDrainAsync(counter, before, before + (2 * perRound), start);
            var applied = (counter.Applied - before) / 2;
            if (applied < perRound)
            {
                Console.Error.WriteLine($"[catch-up] round {round}: only {applied} of {perRound} events applied (the mock broker keeps ~5 MiB per partition: use fewer events per round)");
            }

            // From the first applied batch to the last: the broker's fetch restart after a resume (0.3-0.9 s with the
            // mock, which scans its log linearly) is not the silo's work, so it is left out, with the first batch.
            var (firstApplied, firstAt) = drain.First ?? (before, 0.0);
            var measured = (drain.Last - firstApplied) / 2;
            var span = Math.Max(1e-3, drain.LastAt - firstAt);
            var rate = measured / span;
            Console.Error.WriteLine($"[catch-up] round {round}{(round == 0 ? " (warm-up, not counted)" : "")}: {applied} events applied; first batch after {firstAt:F2}s, then {measured} in {span:F2}s = {rate:F0}/s");
            if (round > 0)
            {
                rates.Add(rate);
                events += measured;
                seconds += span;
            }
        }

        return new CatchUpResult(users, rounds, perRound, events / Math.Max(1e-3, seconds), rates.Min(), rates.Max());
    }

    /// <summary>How a resumed consumer drained one round: its first and last applied counts, in seconds from the resume.</summary>
    private sealed record RoundDrain((long Applied, double At)? First, long Last, double LastAt);

    /// <summary>Polls the applied count every 2 ms until <paramref name="target"/> or 5 s without progress.</summary>
    private static async Task<RoundDrain> WatchDrainAsync(IngestCounter counter, long before, long target, long start)
    {
        var last = before;
        var lastChange = Stopwatch.GetTimestamp();
        (long Applied, double At)? first = null;
        var lastAt = 0.0;
        while (counter.Applied < target && Stopwatch.GetElapsedTime(lastChange) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(2);
            var now = counter.Applied;
            if (now != last)
            {
                (last, lastChange, lastAt) = (now, Stopwatch.GetTimestamp(), Stopwatch.GetElapsedTime(start).TotalSeconds);
                first ??= (now, lastAt);
            }
        }

        return new RoundDrain(first, last, lastAt);
    }

    /// <summary>Produces <paramref name="total"/> events at <paramref name="rate"/> (infinite: as fast as the producer
    /// takes them), in 1 ms steps so the generator sleeps instead of spinning.</summary>
    private static void Produce(IProducer<string, byte[]> producer, double rate, long total, int users, string prefix, IngestCounter counter, long? appliedBefore)
    {
        var types = new[] { "view", "view", "view", "click", "add_to_cart", "purchase" };
        var rng = new Random(prefix.Aggregate(17, (h, c) => unchecked((h * 31) + c))); // stable across processes
        var start = Stopwatch.GetTimestamp();
        var nextReport = 1.0;
        long i = 0;
        while (i < total)
        {
            var due = double.IsPositiveInfinity(rate) ? total : Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate));
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (; i < due; i++)
            {
                var user = "u" + rng.Next(users);
                var value = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    eventId = prefix + "-" + i,
                    userId = user,
                    itemId = "i" + rng.Next(500),
                    type = types[rng.Next(types.Length)],
                    ts,
                    value = 1.0,
                });
                producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = user, Value = value });
            }

            if (appliedBefore is { } before && Stopwatch.GetElapsedTime(start).TotalSeconds >= nextReport)
            {
                Console.Error.WriteLine($"[ingest] {nextReport,3:F0}s produced {i} applied {(counter.Applied - before) / 2}");
                nextReport += 1;
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>A bare Confluent consumer on the same broker and topic: messages per second with no parsing or grains.</summary>
    public static double RawConsumerRate(string bootstrap, long expected)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "raw-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var partitions = admin.GetMetadata(Topics.Interactions, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(Topics.Interactions, p.PartitionId, Offset.Beginning)));
        }

        long n = 0;
        Stopwatch? sw = null;
        var lastAt = TimeSpan.Zero;
        var idle = Stopwatch.StartNew();
        while (n < expected && idle.Elapsed < TimeSpan.FromSeconds(10))
        {
            var m = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (m is null)
            {
                continue;
            }

            sw ??= Stopwatch.StartNew();
            lastAt = sw.Elapsed;
            idle.Restart();
            n++;
        }

        consumer.Close();
        Console.Error.WriteLine($"[raw] consumed {n} messages in {lastAt.TotalSeconds:F2}s");
        return n / Math.Max(1e-3, lastAt.TotalSeconds);
    }
}
