namespace OrleansRecsys.Silo;

/// <summary>What a re-encryption pass did: rows read, rows sealed again under the active key, rows already under it,
/// rows a live write changed first (read again and retried), and rows that could not be opened (with the first reasons).</summary>
public sealed record ReencryptionSummary(long Rows, long Resealed, long AlreadyCurrent, long Retried, long Failed, IReadOnlyList<string> Failures);
