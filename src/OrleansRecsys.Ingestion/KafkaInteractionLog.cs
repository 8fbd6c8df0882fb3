using Confluent.Kafka;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Catalog;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The interactions topic read for an online backfill: partitions assigned by hand (no consumer group takes part, so live
/// ingestion's assignment and commits are untouched), each record parsed as live ingestion parses it. The time range
/// narrows the offsets where the broker answers offsets-for-times, and is applied to each record's message time in any case.
/// </summary>
internal sealed class KafkaInteractionLog(KafkaBootstrap kafka, IGrainFactory grains) : IInteractionLog, IDisposable
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConsumer<byte[]?, byte[]>? _consumer;

    public async Task<LogRange[]> PlanAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var bounds = await WithConsumerAsync(consumer => PartitionBounds(consumer, from, to), cancellationToken);
        var ranges = new LogRange[bounds.Count];
        for (var i = 0; i < ranges.Length; i++)
        {
            var (partition, start, end, high) = bounds[i];
            var epoch = await grains.GetGrain<ISourceEpochGrain>(SourceKey.Partition(Topics.Interactions, partition)).ObserveAsync(high);
            ranges[i] = new LogRange(partition, SourceKey.Of(Topics.Interactions, partition, epoch.Epoch), start, end,
                from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds());
        }

        return ranges;
    }

    public Task<LogChunk> ReadAsync(LogRange range, long next, int max, CancellationToken cancellationToken) =>
        WithConsumerAsync(consumer => Read(consumer, range, next, max), cancellationToken);

    private List<(int Partition, long Start, long End, long High)> PartitionBounds(IConsumer<byte[]?, byte[]> consumer, DateTimeOffset? from, DateTimeOffset? to)
    {
        using var admin = new AdminClientBuilder(kafka.Clients.Admin()).Build();
        var topic = admin.GetMetadata(Topics.Interactions, BrokerTimeout).Topics.Single();
        if (topic.Error.IsError)
        {
            throw new InvalidOperationException($"the interaction log {Topics.Interactions} cannot be read: {topic.Error.Reason}");
        }

        var bounds = new List<(int, long, long, long)>();
        foreach (var partition in topic.Partitions.Select(p => p.PartitionId).Order())
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Interactions, partition), BrokerTimeout);
            var start = OffsetAt(consumer, partition, from) is { } first && first > watermarks.Low.Value ? first : watermarks.Low.Value;
            var end = OffsetAt(consumer, partition, to) is { } last && last < watermarks.High.Value ? last : watermarks.High.Value;
            bounds.Add((partition, start, Math.Max(start, end), watermarks.High.Value));
        }

        return bounds;
    }

    /// <summary>The first offset at or after <paramref name="time"/>, where the broker can say; null otherwise.</summary>
    private static long? OffsetAt(IConsumer<byte[]?, byte[]> consumer, int partition, DateTimeOffset? time)
    {
        if (time is not { } at)
        {
            return null;
        }

        try
        {
            var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(Topics.Interactions, partition, new Timestamp(at))], BrokerTimeout).Single();
            return found.Offset.Value < 0 ? null : found.Offset.Value;
        }
        catch (KafkaException)
        {
            return null; // a broker without time lookups: the message-time filter does the work
        }
    }

    private static LogChunk Read(IConsumer<byte[]?, byte[]> consumer, LogRange range, long next, int max)
    {
        consumer.Assign(new TopicPartitionOffset(Topics.Interactions, range.Partition, next));
        var records = new List<LogRecord>(Math.Min(max, 4096));
        var waitedSince = DateTime.UtcNow;
        while (next < range.End && records.Count < max)
        {
            var result = consumer.Consume(PollWait);
            if (result is null)
            {
                if (DateTime.UtcNow - waitedSince > BrokerTimeout)
                {
                    throw new TimeoutException($"partition {range.Partition} of {Topics.Interactions} gave no record from offset {next} in {BrokerTimeout.TotalSeconds:0} s");
                }

                continue;
            }

            waitedSince = DateTime.UtcNow;
            if (result.IsPartitionEOF)
            {
                next = range.End; // the partition's end, which the range never passes: no record is left in it
                break;
            }

            if (result.Offset.Value >= range.End)
            {
                next = range.End;
                break;
            }

            records.Add(new LogRecord(result.Offset.Value, Parse(result, range)));
            next = result.Offset.Value + 1;
        }

        return new LogChunk(records, next);
    }

    /// <summary>The interaction, or null for a record outside the time range or one live ingestion refused too.</summary>
    private static Interaction? Parse(ConsumeResult<byte[]?, byte[]> result, LogRange range) =>
        range.Includes(result.Message.Timestamp.UnixTimestampMs)
            ? EventParser.ParseInteraction(result.Message.Value ?? [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Value
            : null;

    private async Task<T> WithConsumerAsync<T>(Func<IConsumer<byte[]?, byte[]>, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => read(_consumer ??= CreateConsumer()), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private IConsumer<byte[]?, byte[]> CreateConsumer()
    {
        var config = kafka.Clients.Consumer();
        config.GroupId = "recsys-backfill"; // required by the client; never joined (partitions are assigned by hand) or committed
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        config.FetchWaitMaxMs = 10;
        return new ConsumerBuilder<byte[]?, byte[]>(config).Build();
    }

    public void Dispose()
    {
        _consumer?.Close();
        _consumer?.Dispose();
        _gate.Dispose();
    }
}
