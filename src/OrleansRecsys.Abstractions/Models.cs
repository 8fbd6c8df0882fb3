namespace OrleansRecsys;

/// <summary>A histogram with explicit bin edges (edges.Length == counts.Length - 1; the outer bins are open).</summary>
[GenerateSerializer, Immutable, Alias("recsys.Histogram")]
public sealed record Histogram(double[] Edges, long[] Counts);

/// <summary>The manifest that travels with every model version.</summary>
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

[GenerateSerializer, Alias("recsys.ModelStatus")]
public enum ModelStatus : byte
{
    Active = 0,
    Retired = 1,
}

[GenerateSerializer, Immutable, Alias("recsys.ModelVersionInfo")]
public sealed record ModelVersionInfo(ModelManifest Manifest, ModelStatus Status, DateTimeOffset RegisteredAt, string RegisteredBy, long SizeBytes);

[GenerateSerializer, Alias("recsys.RegistrationStatus")]
public enum RegistrationStatus : byte
{
    Registered = 0,
    Invalid = 1,
    Conflict = 2,
}

[GenerateSerializer, Immutable, Alias("recsys.RegistrationResult")]
public sealed record RegistrationResult(RegistrationStatus Status, string? Error, ModelVersionInfo? Info);

/// <summary>Scores for a batch of rows, or the reason there are none (errors are values on the request path).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ScoreResult")]
public sealed record ScoreResult(float[]? Scores, string? Error);
