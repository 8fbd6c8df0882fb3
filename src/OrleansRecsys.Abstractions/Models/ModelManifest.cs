namespace OrleansRecsys;

/// <summary>The manifest that travels with every model version: what it reads and writes, how it was trained, and the reference histograms drift is measured against.</summary>
[GenerateSerializer, Immutable, Alias("recsys.ModelManifest")]
public sealed record ModelManifest(
    string Name,
    string Version,
    DateTimeOffset CreatedAt,
    string[] Features,
    string InputName,
    string OutputName,
    Dictionary<string, double> Metrics,
    string Dataset,
    string Sha256,
    string Trainer,
    Dictionary<string, Histogram> ReferenceHistograms,
    Histogram? ScoreHistogram);
