namespace OrleansRecsys.Api;

/// <summary>The answer to an ingest batch: how many entries were published, and which were rejected.</summary>
public sealed record IngestResponse(int Accepted, Rejection[] Rejected);
