namespace OrleansRecsys.Grains.Catalog;

/// <summary>A record of the interaction log: its offset and the interaction, or null when the record never parsed (live
/// ingestion dead-lettered it, so it changed no feature).</summary>
internal readonly record struct LogRecord(long Offset, Interaction? Interaction);
