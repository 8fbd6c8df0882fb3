using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>prediction-log</c>: the prediction log writer alone, fed at a fixed rate with records shaped like a rank of 100
/// candidates (the demo ranker's 14 inputs, k = 10), a share of them carrying the scored vectors. Prints the CPU each
/// record took, by thread group (the writer's loop on the thread pool, librdkafka's client threads, its mock broker),
/// and the bytes per record, for each vector share; <c>--broker-out</c> puts the broker in a child process.
/// </summary>
public static class PredictionLogBench
{
    private const int Candidates = 100;
    private const string LoggedCounter = "recsys_predictions_logged";
    private const string DroppedCounter = "recsys_predictions_dropped";

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var rate = o.Num("rate", 6000);
        var seconds = o.Num("seconds", 5);
        using var broker = o.Flag("broker-out") ? await ChildBroker.StartAsync() : null;
        Console.WriteLine($"prediction log writer at {rate:F0} records/s for {seconds:F0} s, broker {(broker is null ? "in this process" : "in a child process")}");
        Console.WriteLine($"{"vectors",8} {"JSON us",9} {"logged",8} {"dropped",8} {"bytes/rec",10} {"CPU us/rec",10} {"broker us/rec",13}  by thread group (us/rec)");
        foreach (var share in o.Get("vector-shares", "0,0.1,1").Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)))
        {
            await MeasureAsync(share, rate, TimeSpan.FromSeconds(seconds), broker);
        }

        return 0;
    }

    private static async Task MeasureAsync(double vectorShare, double rate, TimeSpan duration, ChildBroker? broker)
    {
        var kafka = new KafkaOptions { BootstrapServers = broker?.Servers };
        using var bootstrap = new KafkaBootstrap(Options.Create(kafka), NullLogger<KafkaBootstrap>.Instance);
        using var metrics = new RecsysMetrics();
        using var counts = new CounterTotals(LoggedCounter, DroppedCounter);
        var publisher = new EventPublisher(bootstrap, metrics, NullLogger<EventPublisher>.Instance);
        using var writer = new PredictionLogWriter(publisher, metrics, UserPseudonyms.Off);
        await writer.StartAsync(CancellationToken.None);
        var sample = Sample();
        await Feed(writer, sample, rate, TimeSpan.FromSeconds(1), vectorShare); // warm-up, not counted
        var cpu = ThreadCpu.Snapshot();
        var brokerCpu = broker?.CpuSeconds() ?? 0;
        var before = counts[LoggedCounter];
        var fed = await Feed(writer, sample, rate, duration, vectorShare);
        await writer.StopAsync(CancellationToken.None);
        await Task.Delay(500); // what librdkafka still holds is sent meanwhile; read before its threads end with the producer
        var spent = ThreadCpu.Since(cpu);
        publisher.Dispose();
        var perRecord = spent.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value * 1e6 / fed);
        var groups = string.Join(", ", perRecord.Where(kv => kv.Value >= 0.5).OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:F1}"));
        var serialize = SerializeMicros(sample, vectorShare);
        Console.WriteLine($"{vectorShare,8:P0} {serialize,9:F1} {counts[LoggedCounter] - before,8} {counts[DroppedCounter],8} {Bytes(sample, vectorShare),10:F0} {perRecord.Values.Sum(),10:F1} "
            + $"{(broker is null ? 0 : (broker.CpuSeconds() - brokerCpu) * 1e6 / fed),13:F1}  {groups}");
    }

    /// <summary>Logs records at <paramref name="rate"/> for <paramref name="duration"/>, a millisecond's worth at a time.</summary>
    private static async Task<long> Feed(PredictionLogWriter writer, (RankRequestContext Context, RankResponse Response) sample, double rate, TimeSpan duration,
        double vectorShare)
    {
        var started = Stopwatch.GetTimestamp();
        long fed = 0;
        var random = new Random(5);
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; fed < due; fed++)
            {
                writer.Log(random.NextDouble() < vectorShare ? sample.Context with { Rows = RentedRows(sample.Context) } : sample.Context, sample.Response);
            }

            await Task.Delay(1);
        }

        return fed;
    }

    private static float[] RentedRows(RankRequestContext context)
    {
        var rows = ArrayPool<float>.Shared.Rent(Candidates * context.FeatureNames.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (i % 97) * 0.731f;
        }

        return rows;
    }

    private static (RankRequestContext, RankResponse) Sample()
    {
        var candidates = Enumerable.Range(0, Candidates).Select(i => "i" + (i * 7 % 500)).ToArray();
        var items = candidates.Take(10).Select((c, i) => new RankedItem(c, 0.9 - (i * 0.01))).ToArray();
        var response = new RankResponse("r1.ranker.v1.u1234." + new string('x', 43), "ranker", "v1", "stable", false, null, DateTimeOffset.UtcNow, items);
        var context = new RankRequestContext("u1234", response.AsOf.ToUnixTimeMilliseconds(), RankerTrainer.DefaultFeatures, candidates, null);
        return (context, response);
    }

    /// <summary>Serialization alone, per record, at the given share of records with vectors (one thread, hot loop).</summary>
    private static double SerializeMicros((RankRequestContext Context, RankResponse Response) sample, double vectorShare)
    {
        var buffer = new ArrayBufferWriter<byte>(32 * 1024);
        using var json = new System.Text.Json.Utf8JsonWriter(buffer);
        var withRows = sample.Context with { Rows = RentedRows(sample.Context) };
        const int Records = 20_000;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Records; i++)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            PredictionLogWriter.Write(json, "u1234", i % 100 < vectorShare * 100 ? withRows : sample.Context, sample.Response);
            json.Flush();
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / Records;
    }

    private static double Bytes((RankRequestContext Context, RankResponse Response) sample, double vectorShare)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            PredictionLogWriter.Write(json, "u1234", sample.Context, sample.Response);
        }

        var plain = buffer.WrittenCount;
        buffer.ResetWrittenCount();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            PredictionLogWriter.Write(json, "u1234", sample.Context with { Rows = RentedRows(sample.Context) }, sample.Response);
        }

        return ((1 - vectorShare) * plain) + (vectorShare * buffer.WrittenCount);
    }
}
