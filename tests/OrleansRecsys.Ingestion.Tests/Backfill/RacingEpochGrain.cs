using Confluent.Kafka;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion.Tests.Backfill;

/// <summary>
/// A partition's epoch grain with live ingestion racing whoever asks it: before each answer, a few more records arrive in
/// the partition and live ingestion consumes and commits them, as it keeps doing between any two steps of a backfill's
/// plan. <see cref="ObserveAsync"/> applies the real grain's rule (an end below the committed offset begins an epoch).
/// </summary>
internal sealed class RacingEpochGrain(int partition, IProducer<byte[], byte[]> producer, bool racing) : ISourceEpochGrain
{
    private const int RecordsPerStep = 3;

    public int Epoch { get; private set; }

    public long HighestCommitted { get; set; }

    public async Task<SourceEpoch> ObserveAsync(long endOffset)
    {
        await LiveIngestionMovesOnAsync();
        if (endOffset >= HighestCommitted)
        {
            return new SourceEpoch(Epoch, false, HighestCommitted);
        }

        var previous = HighestCommitted;
        Epoch++;
        HighestCommitted = 0;
        return new SourceEpoch(Epoch, true, previous);
    }

    public async ValueTask<SourceEpoch> CurrentAsync()
    {
        await LiveIngestionMovesOnAsync();
        return new SourceEpoch(Epoch, false, HighestCommitted);
    }

    public Task CommittedAsync(long nextOffset) => throw new NotSupportedException("a backfill never commits");

    /// <summary>Produces a few records and commits up to the last of them (the next offset to read).</summary>
    private async Task LiveIngestionMovesOnAsync()
    {
        for (var i = 0; racing && i < RecordsPerStep; i++)
        {
            var delivered = await producer.ProduceAsync(new TopicPartition(Topics.Interactions, partition), new Message<byte[], byte[]> { Value = [] });
            HighestCommitted = delivered.Offset.Value + 1;
        }
    }
}
