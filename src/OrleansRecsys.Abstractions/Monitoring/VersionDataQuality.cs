namespace OrleansRecsys;

/// <summary>One version's inputs in the data-quality section: <see cref="Rows"/> input rows were built for it (each input
/// was served one value per row, the denominator of every rate), and <see cref="Inputs"/> lists each input of its manifest
/// in order.</summary>
[GenerateSerializer, Immutable, Alias("recsys.VersionDataQuality")]
public sealed record VersionDataQuality([Id(0)] string Version, [Id(1)] string Variant, [Id(2)] long Rows, [Id(3)] InputQuality[] Inputs);
