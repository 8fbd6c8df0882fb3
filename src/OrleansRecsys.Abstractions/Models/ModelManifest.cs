namespace OrleansRecsys;

/// <summary>The manifest that travels with every model version: what it reads and writes, how it was trained, and the reference histograms drift is measured against.</summary>
/// <param name="FeatureDefaults">Per input feature, the number its missing and expired values were trained as. Serving reads
/// the same numbers, so a catalogue default changed after training does not change what this model sees. Null in manifests
/// written before the field existed (those models read the catalogue's defaults).</param>
[GenerateSerializer, Immutable, Alias("recsys.ModelManifest")]
public sealed record ModelManifest(
    [Id(0)] string Name,
    [Id(1)] string Version,
    [Id(2)] DateTimeOffset CreatedAt,
    [Id(3)] string[] Features,
    [Id(4)] string InputName,
    [Id(5)] string OutputName,
    [Id(6)] Dictionary<string, double> Metrics,
    [Id(7)] string Dataset,
    [Id(8)] string Sha256,
    [Id(9)] string Trainer,
    [Id(10)] Dictionary<string, Histogram> ReferenceHistograms,
    [Id(11)] Histogram? ScoreHistogram,
    [Id(12)] Dictionary<string, double>? FeatureDefaults = null);
