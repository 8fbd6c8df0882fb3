namespace OrleansRecsys.Features;

/// <summary>What a proposed catalogue version would do to a grid.</summary>
public enum CatalogChangeKind
{
    /// <summary>A higher version that every registered model version can live with: adopt it.</summary>
    Adopt,

    /// <summary>The version the grid already runs, unchanged: nothing to do.</summary>
    Unchanged,

    /// <summary>Not above the running version, yet different from it.</summary>
    StaleVersion,

    /// <summary>Removes or changes a feature a registered version reads, or changes what a stored aggregation computes.</summary>
    Incompatible,
}
