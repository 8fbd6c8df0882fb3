namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Events applied to grain state and replays skipped by watermark since this was made, read from the
/// <c>recsys_ingest_applied</c> and <c>recsys_ingest_duplicates</c> counters the silo exports.
/// </summary>
internal sealed class IngestCounter : IDisposable
{
    private const string AppliedCounter = "recsys_ingest_applied";
    private const string DuplicatesCounter = "recsys_ingest_duplicates";

    private readonly CounterTotals _totals = new(AppliedCounter, DuplicatesCounter);

    public long Applied => _totals[AppliedCounter];

    public long Duplicates => _totals[DuplicatesCounter];

    public void Dispose() => _totals.Dispose();
}
