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

    /// <summary>
    /// One range per partition, named by the partition's current offset epoch. The epoch (with the offset live ingestion
    /// committed) is read before the end offset, because live ingestion keeps committing meanwhile: in this order an end
    /// below the committed offset can only be a log whose offsets restarted, never a commit that came in between, and the
    /// plan refuses it (live ingestion begins the new epoch when it takes the partition up). The plan never begins an
    /// epoch itself: one begun on a stale end offset would rename the partition under the backfill, and no entity's
    /// cutover would match the events it replays.
    /// </summary>
    public async Task<LogRange[]> PlanAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var partitions = await Task.Run(Partitions, cancellationToken);
        var epochs = await Task.WhenAll(partitions.Select(p => grains.GetGrain<ISourceEpochGrain>(SourceKey.Partition(Topics.Interactions, p)).CurrentAsync().AsTask()));
        var bounds = await WithConsumerAsync(consumer => partitions.Select(p => PartitionBounds(consumer, p, from, to)).ToArray(), cancellationToken);
        var ranges = new LogRange[partitions.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            var (start, end, high) = bounds[i];
            if (high < epochs[i].PreviousCommitted)
            {
                throw new InvalidOperationException(
                    $"partition {partitions[i]} of {Topics.Interactions} ends at offset {high}, below the {epochs[i].PreviousCommitted} live ingestion committed " +
                    "from it: its offsets restarted (the topic was recreated or the grid moved to another cluster); start the backfill once live ingestion has taken the partition up again");
            }

            ranges[i] = new LogRange(partitions[i], SourceKey.Of(Topics.Interactions, partitions[i], epochs[i].Epoch), start, end,
                from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds());
        }

        return ranges;
    }

    public Task<LogChunk> ReadAsync(LogRange range, long next, int max, CancellationToken cancellationToken) =>
        WithConsumerAsync(consumer => Read(consumer, range, next, max), cancellationToken);

    private int[] Partitions()
    {
        using var admin = new AdminClientBuilder(kafka.Clients.Admin()).Build();
        var topic = admin.GetMetadata(Topics.Interactions, BrokerTimeout).Topics.Single();
        if (topic.Error.IsError)
        {
            throw new InvalidOperationException($"the interaction log {Topics.Interactions} cannot be read: {topic.Error.Reason}");
        }

        return topic.Partitions.Select(p => p.PartitionId).Order().ToArray();
    }

    /// <summary>The offsets of <paramref name="partition"/> the time range covers, and the partition's end offset.</summary>
    private static (long Start, long End, long High) PartitionBounds(IConsumer<byte[]?, byte[]> consumer, int partition, DateTimeOffset? from, DateTimeOffset? to)
    {
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Interactions, partition), BrokerTimeout);
        var start = OffsetAt(consumer, partition, from) is { } first && first > watermarks.Low.Value ? first : watermarks.Low.Value;
        var end = OffsetAt(consumer, partition, to) is { } last && last < watermarks.High.Value ? last : watermarks.High.Value;
        return (start, Math.Max(start, end), watermarks.High.Value);
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
