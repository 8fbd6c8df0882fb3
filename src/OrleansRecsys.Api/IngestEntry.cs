namespace OrleansRecsys.Api;

/// <summary>One entry of an ingest batch: its JSON bytes, exactly as they will be produced, and the id the caller gave it
/// (the event id, or the item id of an upsert), when it has one, for the outcome list.</summary>
public readonly record struct IngestEntry(byte[] Json, string? Id);
