namespace OrleansRecsys.Features;

/// <summary>
/// Signs that a producer writes events of a schema the grid does not know (yet). They are only noticed: whether the event
/// is applied or refused is decided by the schema's rules alone, as before.
/// </summary>
[Flags]
public enum SchemaChanges
{
    None = 0,

    /// <summary>The event has a field the schema does not define (it is ignored).</summary>
    UnknownField = 1,

    /// <summary>An interaction's <c>type</c> is a string but none of the known types (the event is refused as <c>invalid_field</c>).</summary>
    UnknownEventType = 2,
}
