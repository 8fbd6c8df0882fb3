namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>A partition's offset epoch; <see cref="Restarted"/> when this observation began it, with the highest offset
/// committed in the epoch before (<see cref="PreviousCommitted"/>).</summary>
[GenerateSerializer, Immutable, Alias("recsys.SourceEpoch")]
internal sealed record SourceEpoch([Id(0)] int Epoch, [Id(1)] bool Restarted, [Id(2)] long PreviousCommitted);
