namespace OrleansRecsys.Silo;

/// <summary>What a grain key migration did: rows read, rows moved to their pseudonymous key, rows that already had one,
/// and rows left as they were (with the first reasons).</summary>
public sealed record GrainKeyMigrationSummary(long Rows, long Moved, long AlreadyPseudonymous, long Failed, IReadOnlyList<string> Failures);
