namespace OrleansRecsys;

public static class SourceKey
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), string> Known = new();

    /// <summary>"topic/partition", one shared instance per source (every consumed message asks).</summary>
    public static string Of(string topic, int partition) =>
        Known.GetOrAdd((topic, partition), static k => string.Concat(k.Topic, "/", k.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
