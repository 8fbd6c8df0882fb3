namespace OrleansRecsys.Features;

/// <summary>Stateful aggregations (they own cells in <see cref="EntityState"/>).</summary>
internal enum AggregationKind
{
    None,
    Count,
    Sum,
    Last,
    Max,
    DecayedCount,
    DecayedSum,
    KeyedDecayedSum,
    LastNDistinct,
}
