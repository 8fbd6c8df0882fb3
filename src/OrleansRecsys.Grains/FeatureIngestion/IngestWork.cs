namespace OrleansRecsys;

/// <summary>One consumed batch, grouped per grain: item batches first (they answer with categories), then user events.</summary>
[GenerateSerializer, Immutable, Alias("recsys.IngestWork")]
internal sealed record IngestWork(string[] ItemIds, ApplyBatch[] ItemBatches, string[] UserIds, SourcedEvent[][] UserEvents, Dictionary<string, long>[] UserExpected);
