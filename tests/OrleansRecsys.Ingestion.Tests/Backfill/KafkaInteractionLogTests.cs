using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Ingestion.Tests.Backfill;

/// <summary>
/// How an online backfill names the interaction log's partitions, against librdkafka's mock broker while live ingestion
/// keeps committing (<see cref="RacingEpochGrain"/>). A plan that began a new offset epoch on an end offset a commit had
/// overtaken renamed the partition under the backfill: no entity's cutover matched its events, and the new features of
/// that partition's users and items were never backfilled.
/// </summary>
public sealed class KafkaInteractionLogTests : IDisposable
{
    private readonly KafkaBootstrap _kafka = new(Options.Create(new KafkaOptions()), NullLogger<KafkaBootstrap>.Instance);
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly Dictionary<int, RacingEpochGrain> _epochs = [];

    public KafkaInteractionLogTests() => _producer = new ProducerBuilder<byte[], byte[]>(_kafka.Clients.Producer()).Build();

    public void Dispose()
    {
        _producer.Dispose();
        _kafka.Dispose();
    }

    [Fact]
    public async Task A_plan_made_while_live_ingestion_commits_keeps_every_partition_in_its_offset_epoch()
    {
        using var log = Log(racing: true, committed: 0);

        var ranges = await log.PlanAsync(null, null, CancellationToken.None);

        Assert.NotEmpty(ranges);
        Assert.All(ranges, range => Assert.Equal($"{Topics.Interactions}/{range.Partition.ToString(CultureInfo.InvariantCulture)}", range.Source));
        Assert.All(_epochs.Values, epoch => Assert.Equal(0, epoch.Epoch));
    }

    [Fact]
    public async Task A_log_that_ends_below_what_live_ingestion_committed_is_refused_and_no_epoch_begins()
    {
        using var log = Log(racing: false, committed: 1_000);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => log.PlanAsync(null, null, CancellationToken.None));

        Assert.Contains("below the 1000 live ingestion committed", refused.Message);
        Assert.All(_epochs.Values, epoch => Assert.Equal(0, epoch.Epoch));
    }

    private KafkaInteractionLog Log(bool racing, long committed) =>
        new(_kafka, EpochGrainFactory.Create(key =>
        {
            var partition = int.Parse(key[(key.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
            lock (_epochs)
            {
                if (!_epochs.TryGetValue(partition, out var epoch))
                {
                    _epochs[partition] = epoch = new RacingEpochGrain(partition, _producer, racing) { HighestCommitted = committed };
                }

                return epoch;
            }
        }));
}
