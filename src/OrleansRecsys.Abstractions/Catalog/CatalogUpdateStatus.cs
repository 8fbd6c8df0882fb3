namespace OrleansRecsys;

/// <summary>What became of a proposed catalogue version.</summary>
public enum CatalogUpdateStatus
{
    /// <summary>Stored; silos adopt it within a refresh.</summary>
    Adopted,

    /// <summary>The grid runs this very version already.</summary>
    Unchanged,

    /// <summary>Not a valid catalogue (the error names the feature and field).</summary>
    Invalid,

    /// <summary>Its version is not above the stored one.</summary>
    StaleVersion,

    /// <summary>It removes or changes a feature a registered version reads (the error names model@version and the
    /// feature), or changes a stored aggregation's computation.</summary>
    Incompatible,
}
