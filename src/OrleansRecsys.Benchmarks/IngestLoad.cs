using System.Diagnostics;
using System.Diagnostics.Metrics;
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

    public static async Task<Result> RunAsync(GridUnderTest grid, double rate, int users, TimeSpan duration)
    {
        var freshness = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name == "recsys_ingest_freshness")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (freshness)
            {
                freshness.Add(value);
            }
        });
        listener.Start();

        var ingestion = grid.Services.GetRequiredService<IngestionService>();
        var appliedBefore = Interlocked.Read(ref ingestion.AppliedTotal);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = grid.Kafka,
            LingerMs = 5,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 2_000_000,
        }).Build();
        var types = new[] { "view", "view", "view", "click", "add_to_cart", "purchase" };
        var rng = new Random(5);
        var total = (long)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var nextReport = 1.0;
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(20);
            }

            var user = "u" + rng.Next(users);
            var value = JsonSerializer.SerializeToUtf8Bytes(new
            {
                eventId = "load-" + i,
                userId = user,
                itemId = "i" + rng.Next(500),
                type = types[rng.Next(types.Length)],
                ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                value = 1.0,
            });
            producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = user, Value = value });
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (elapsed >= nextReport)
            {
                Console.Error.WriteLine($"[ingest] {nextReport,3:F0}s produced {i + 1} applied {Interlocked.Read(ref ingestion.AppliedTotal) - appliedBefore}");
                nextReport += 1;
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        var produceEnd = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Wait for the backlog to drain (each event is applied to a user and an item grain).
        var target = appliedBefore + (2 * total);
        var drainDeadline = DateTime.UtcNow.AddSeconds(60);
        while (Interlocked.Read(ref ingestion.AppliedTotal) < target && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(50);
        }

        var elapsedAll = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var applied = Interlocked.Read(ref ingestion.AppliedTotal) - appliedBefore;
        double[] sorted;
        lock (freshness)
        {
            sorted = freshness.ToArray();
        }

        Array.Sort(sorted);
        double Q(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.Error.WriteLine($"[ingest] produced for {produceEnd:F1}s, drained at {elapsedAll:F1}s");
        return new Result($"ingest {rate:F0}/s", rate, users, applied / 2.0 / Math.Max(produceEnd, elapsedAll), Q(0.5), Q(0.99), total, applied / 2);
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
        consumer.Subscribe(Topics.Interactions);
        long n = 0;
        Stopwatch? sw = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (n < expected && DateTime.UtcNow < deadline)
        {
            var m = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (m is null)
            {
                continue;
            }

            sw ??= Stopwatch.StartNew();
            n++;
        }

        consumer.Close();
        return n / Math.Max(1e-9, sw?.Elapsed.TotalSeconds ?? 1);
    }
}
