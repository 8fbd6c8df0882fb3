namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.FeatureDrift")]
public sealed record FeatureDrift([Id(0)] string Feature, [Id(1)] double Psi, [Id(2)] string Level);
