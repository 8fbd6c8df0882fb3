namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>Persisted state of <see cref="ISourceEpochGrain"/>.</summary>
[GenerateSerializer, Alias("recsys.SourceEpochState")]
internal sealed class SourceEpochState
{
    [Id(0)] public int Epoch { get; set; }

    [Id(1)] public long HighestCommitted { get; set; }
}
