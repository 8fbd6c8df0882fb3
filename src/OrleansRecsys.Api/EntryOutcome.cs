namespace OrleansRecsys.Api;

/// <summary>
/// What became of one entry of an ingest batch. <see cref="Status"/> is <c>accepted</c> (durably queued),
/// <c>rejected</c> (invalid: <see cref="Reason"/> and <see cref="Detail"/> say why; do not retry it unchanged) or
/// <c>failed</c> (the transport did not accept it: retry it). <see cref="Id"/> is the event id, or the item id of an
/// upsert, when the entry had one.
/// </summary>
public sealed record EntryOutcome(int Index, string? Id, string Status, string? Reason = null, string? Detail = null)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}
