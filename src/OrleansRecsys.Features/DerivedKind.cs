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
}
