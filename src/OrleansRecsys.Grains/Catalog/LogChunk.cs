namespace OrleansRecsys.Grains.Catalog;

/// <summary>Records read from one log range, and the offset to read next (past the last record, or the range's end once
/// the partition is read that far: offsets without a record, such as transaction markers, are passed over).</summary>
internal sealed record LogChunk(IReadOnlyList<LogRecord> Records, long Next);
