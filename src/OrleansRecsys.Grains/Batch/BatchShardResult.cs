namespace OrleansRecsys.Grains.Batch;

/// <summary>What a work item did: users whose list was stored, and users whose scoring failed.</summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchShardResult")]
internal sealed record BatchShardResult([Id(0)] long Sequence, [Id(1)] int Shard, [Id(2)] long UsersDone, [Id(3)] long UsersFailed);
