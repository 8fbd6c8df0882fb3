namespace OrleansRecsys.Features.State;

/// <summary>
/// What one online backfill did to one entity: per source, the highest offset it has decided (a resumed or re-sent
/// backfill batch changes nothing at or below it), and, for users, the event ids it judged within its range (so a re-sent
/// copy inside the range counts once, as live ingestion counted it). Replaced when the next backfill reaches the entity.
/// </summary>
[GenerateSerializer, Alias("recsys.BackfillMarks")]
internal sealed class BackfillMarks
{
    [Id(0)] public string BackfillId = "";
    [Id(1)] public SourceOffset[] Marks = [];
    [Id(2)] public EventIdLedger? Ledger;

    public long MarkOf(string source)
    {
        foreach (var mark in Marks)
        {
            if (string.Equals(mark.Source, source, StringComparison.Ordinal))
            {
                return mark.Offset;
            }
        }

        return -1;
    }

    public void Advance(string source, long offset)
    {
        for (var i = 0; i < Marks.Length; i++)
        {
            if (string.Equals(Marks[i].Source, source, StringComparison.Ordinal))
            {
                Marks[i].Offset = Math.Max(Marks[i].Offset, offset);
                return;
            }
        }

        Marks = [.. Marks, new SourceOffset(IdPool.Intern(source), offset)];
    }

    public BackfillMarks Clone() => new() { BackfillId = BackfillId, Marks = (SourceOffset[])Marks.Clone(), Ledger = Ledger?.Clone() };
}
