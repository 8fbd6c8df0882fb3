namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.FeatureDrift")]
public sealed record FeatureDrift(string Feature, double Psi, string Level);
