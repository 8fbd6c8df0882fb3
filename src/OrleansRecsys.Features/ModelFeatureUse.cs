namespace OrleansRecsys.Features;

/// <summary>The features one registered model version reads (its manifest's list), named <c>model@version</c>.</summary>
public sealed record ModelFeatureUse(string Model, string Version, IReadOnlyList<string> Features)
{
    public override string ToString() => $"{Model}@{Version}";
}
