namespace OrleansRecsys.Features;

/// <summary>Features computed at read time from other features or entity timestamps.</summary>
internal enum DerivedKind
{
    None,
    SecsSinceLastEvent,
    HoursSinceFirstSeen,
    SmoothedRatio,
    KeyShare,
    SecsSinceKey,
    ValueToAverage,

    /// <summary>1 when a context label equals an item label (the page's category and the item's), else 0.</summary>
    LabelMatch,
}
