using System.Collections.Concurrent;
using System.Globalization;

namespace OrleansRecsys.Ingestion;

/// <summary>The "topic/partition" name of a Kafka source, as feature state keys its watermarks.</summary>
internal static class SourceKey
{
    private static readonly ConcurrentDictionary<(string Topic, int Partition), string> Known = new();

    /// <summary>"topic/partition", one shared instance per source (every consumed message asks).</summary>
    public static string Of(string topic, int partition) =>
        Known.GetOrAdd((topic, partition), static k => string.Concat(k.Topic, "/", k.Partition.ToString(CultureInfo.InvariantCulture)));
}
