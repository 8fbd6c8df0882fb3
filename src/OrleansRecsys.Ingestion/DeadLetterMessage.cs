using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>Builds the dead-letter record of a rejected message: its key and value, and headers saying why and where from.</summary>
internal static class DeadLetterMessage
{
    /// <summary>Longest <c>error-detail</c> header kept.</summary>
    public const int MaxDetailLength = 500;

    public static Message<string, byte[]> From(ConsumeResult<string, byte[]> source, string reason, string detail)
    {
        var value = source.Message.Value ?? [];
        var headers = new Headers
        {
            { "error", Encoding.UTF8.GetBytes(reason) },
            { "error-detail", Encoding.UTF8.GetBytes(detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail) },
            { "source-topic", Encoding.UTF8.GetBytes(source.Topic) },
            { "source-partition", Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { "source-offset", Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        if (value.Length > EventPublisher.MaxDeadLetterBytes)
        {
            headers.Add("truncated", Encoding.UTF8.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
            value = value[..EventPublisher.DeadLetterKeptBytes];
        }

        return new Message<string, byte[]> { Key = source.Message.Key, Value = value, Headers = headers };
    }
}
