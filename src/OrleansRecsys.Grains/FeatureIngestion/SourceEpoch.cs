namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>A partition's offset epoch; <see cref="Restarted"/> when this observation began it. <see cref="PreviousCommitted"/>
/// is the highest offset committed before the observation: in the epoch before when it restarted, in this one otherwise.</summary>
[GenerateSerializer, Immutable, Alias("recsys.SourceEpoch")]
internal sealed record SourceEpoch([Id(0)] int Epoch, [Id(1)] bool Restarted, [Id(2)] long PreviousCommitted);
