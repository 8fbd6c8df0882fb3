namespace OrleansRecsys.Grains.Catalog;

/// <summary>The persisted backfills: the one running, if any, and finished ones (newest last).</summary>
[GenerateSerializer, Alias("recsys.FeatureBackfillState")]
internal sealed class FeatureBackfillState
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public BackfillRun? Current { get; set; }
    [Id(2)] public List<BackfillStatus> Finished { get; set; } = [];

    public FeatureBackfillState Running(BackfillRun run, long sequence) =>
        new() { LastSequence = Math.Max(LastSequence, sequence), Current = run, Finished = Finished };

    public FeatureBackfillState After(BackfillStatus finished, int history) => new()
    {
        LastSequence = LastSequence,
        Current = null,
        Finished = [.. Finished.Skip(Math.Max(0, Finished.Count - (history - 1))), finished],
    };
}
