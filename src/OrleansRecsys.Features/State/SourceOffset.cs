namespace OrleansRecsys.Features.State;

/// <summary>The highest applied offset of one Kafka source (topic/partition).</summary>
[GenerateSerializer, Alias("recsys.SourceOffset")]
internal struct SourceOffset
{
    [Id(0)] public string Source;
    [Id(1)] public long Offset;

    public SourceOffset(string source, long offset)
    {
        Source = source;
        Offset = offset;
    }
}
