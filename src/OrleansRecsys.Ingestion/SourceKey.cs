using System.Globalization;

namespace OrleansRecsys.Ingestion;

/// <summary>The name feature state keys a Kafka source's watermarks by.</summary>
internal static class SourceKey
{
    /// <summary>"topic/partition" in a partition's first offset epoch (as state was always keyed), then
    /// "topic/partition#epoch": a new epoch's offsets never compare with an older one's watermarks.</summary>
    public static string Of(string topic, int partition, int epoch) => epoch == 0
        ? string.Concat(topic, "/", partition.ToString(CultureInfo.InvariantCulture))
        : string.Concat(topic, "/", partition.ToString(CultureInfo.InvariantCulture), "#", epoch.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key of the partition's epoch grain (epochs are per partition, whatever their number).</summary>
    public static string Partition(string topic, int partition) => Of(topic, partition, 0);
}
