namespace OrleansRecsys.Ingestion;

/// <summary>Events this silo's consumer applied and skipped as replays since it started (the same counts feed the
/// <c>recsys_ingest_applied</c> and <c>recsys_ingest_duplicates</c> counters, which are shared by every silo in a process).</summary>
internal sealed class IngestionProgress
{
    private long _applied;
    private long _duplicates;

    public long Applied => Interlocked.Read(ref _applied);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public void Add(int applied, int duplicates)
    {
        Interlocked.Add(ref _applied, applied);
        Interlocked.Add(ref _duplicates, duplicates);
    }
}
