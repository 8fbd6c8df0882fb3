namespace OrleansRecsys.Silo.Storage;

/// <summary>A grain's row as read: its payload (null after a clear) and version (the grain's ETag).</summary>
internal sealed record StoredRow(byte[]? Payload, int Version);
