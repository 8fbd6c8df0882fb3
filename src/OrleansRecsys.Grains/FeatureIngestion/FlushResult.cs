namespace OrleansRecsys;

/// <summary>Per source, the highest offset the durable (flushed) state covers.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FlushResult")]
internal sealed record FlushResult(Dictionary<string, long> Durable);
