using System.Text;
using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training.Tests;

/// <summary>A time-bounded read of a topic on the mock Kafka cluster: messages older than the window are never fetched,
/// messages produced after its end are not read either, and the window's own messages are all read.</summary>
public sealed class KafkaTopicReaderTests : IDisposable
{
    private const string Topic = Topics.Interactions;
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.UtcNow.AddHours(-1);
    private static readonly DateTimeOffset WindowEnd = DateTimeOffset.UtcNow.AddMinutes(-1);

    private readonly (IProducer<byte[], byte[]> Holder, string Servers) _kafka = MockKafkaCluster.Start();

    public void Dispose() => _kafka.Holder.Dispose();

    [Fact]
    public async Task A_window_read_seeks_past_older_messages_and_stops_at_the_windows_end()
    {
        await ProduceAsync("old", 60, WindowStart.AddDays(-10), TimeSpan.FromMinutes(1));
        await ProduceAsync("in", 25, WindowStart, TimeSpan.FromSeconds(30));
        await ProduceAsync("late", 7, WindowEnd, TimeSpan.FromSeconds(1));

        var tally = new TopicReadTally();
        var read = Read(WindowStart.ToUnixTimeMilliseconds(), WindowEnd.ToUnixTimeMilliseconds(), tally);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => "in-" + i).Order(), read.Order());
        Assert.Equal((25, 0), (tally.Read, tally.PassedOver)); // not one of the 60 older messages (nor the 7 later ones) was fetched
    }

    [Fact]
    public async Task A_window_without_a_start_reads_every_retained_message_before_its_end()
    {
        await ProduceAsync("old", 30, WindowStart.AddDays(-10), TimeSpan.FromMinutes(1));
        await ProduceAsync("late", 5, WindowEnd, TimeSpan.FromSeconds(1));

        var tally = new TopicReadTally();
        var read = Read(long.MinValue, WindowEnd.ToUnixTimeMilliseconds(), tally);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => "old-" + i).Order(), read.Order());
        Assert.Equal(30, tally.Kept);
    }

    [Fact]
    public async Task A_window_after_every_message_reads_nothing()
    {
        await ProduceAsync("old", 10, WindowStart.AddDays(-10), TimeSpan.FromMinutes(1));

        var tally = new TopicReadTally();
        Assert.Empty(Read(WindowStart.ToUnixTimeMilliseconds(), WindowEnd.ToUnixTimeMilliseconds(), tally));
        Assert.Equal(0, tally.Read);
    }

    private List<string> Read(long fromMs, long untilMs, TopicReadTally tally) =>
        [.. KafkaTopicReader.ReadWindow(new KafkaClientConfigs(_kafka.Servers), Topic, fromMs, untilMs, tally, CancellationToken.None).Select(Encoding.UTF8.GetString)];

    /// <summary>Produces <paramref name="count"/> messages named prefix-i with message times from <paramref name="first"/>,
    /// <paramref name="step"/> apart, spread over the topic's partitions by key.</summary>
    private async Task ProduceAsync(string prefix, int count, DateTimeOffset first, TimeSpan step)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.Servers }).Build();
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(Topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes("user-" + i),
                Value = Encoding.UTF8.GetBytes($"{prefix}-{i}"),
                Timestamp = new Timestamp(first + (step * i)),
            });
        }
    }
}
