using System.Text;
using Confluent.Kafka;
using static OrleansRecsys.Ingestion.Tests.Messages;

namespace OrleansRecsys.Ingestion.Tests;

public sealed class DeadLetterMessageTests
{
    private static string Header(Message<string, byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Headers.GetLastBytes(name));

    [Fact]
    public void Keeps_key_and_value_and_says_why_and_where_from()
    {
        var source = Consumed(Topics.Interactions, 3, 42, "{}", key: "u1");
        var letter = DeadLetterMessage.From(source, "missing_field", "eventId is required");

        Assert.Equal("u1", letter.Key);
        Assert.Equal("{}"u8.ToArray(), letter.Value);
        Assert.Equal("missing_field", Header(letter, "error"));
        Assert.Equal("eventId is required", Header(letter, "error-detail"));
        Assert.Equal(Topics.Interactions, Header(letter, "source-topic"));
        Assert.Equal("3", Header(letter, "source-partition"));
        Assert.Equal("42", Header(letter, "source-offset"));
        Assert.False(letter.Headers.TryGetLastBytes("truncated", out _));
    }

    [Fact]
    public void Long_details_are_cut_and_oversized_values_truncated_with_their_original_size()
    {
        var value = new byte[EventPublisher.MaxDeadLetterBytes + 1];
        var letter = DeadLetterMessage.From(Consumed(Topics.Items, 0, 0, value), "too_large", new string('x', 2000));

        Assert.Equal(DeadLetterMessage.MaxDetailLength, Header(letter, "error-detail").Length);
        Assert.Equal(EventPublisher.DeadLetterKeptBytes, letter.Value.Length);
        Assert.Equal(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(letter, "truncated"));
    }
}
