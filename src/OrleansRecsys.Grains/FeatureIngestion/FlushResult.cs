namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>Per source, the highest offset the durable (flushed) state covers.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FlushResult")]
internal sealed record FlushResult([Id(0)] Dictionary<string, long> Durable);
