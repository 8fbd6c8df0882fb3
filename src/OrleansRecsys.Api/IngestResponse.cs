namespace OrleansRecsys.Api;

/// <summary>The answer to an ingest batch: how many entries were accepted, which were rejected, and every entry's outcome
/// in batch order (<see cref="Entries"/>), so a caller can retry exactly what did not go through.</summary>
public sealed record IngestResponse(int Accepted, Rejection[] Rejected, EntryOutcome[] Entries);
