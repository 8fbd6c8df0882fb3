namespace OrleansRecsys.Grains.Catalog;

/// <summary>What one replayed chunk did: records read, and (event, entity) pairs that computed the new features.</summary>
internal readonly record struct BackfillChunkResult(long Records, long UserUpdates, long ItemUpdates);
