namespace OrleansRecsys;

/// <summary>What a batch run is asked to do: top <see cref="K"/> per user of <see cref="Segment"/>, with the model's stable version.</summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchRunRequest")]
public sealed record BatchRunRequest([Id(0)] int K, [Id(1)] string Segment, [Id(2)] string Who);
