namespace OrleansRecsys;

/// <summary>A histogram with explicit bin edges (edges.Length == counts.Length - 1; the outer bins are open).</summary>
[GenerateSerializer, Immutable, Alias("recsys.Histogram")]
public sealed record Histogram([Id(0)] double[] Edges, [Id(1)] long[] Counts);
