namespace OrleansRecsys;

/// <summary>One aggregation cell: a value and the event time it refers to (for decay, last, first).</summary>
[GenerateSerializer, Alias("recsys.Cell")]
public struct Cell
{
    [Id(0)] public double V;
    [Id(1)] public long RefMs;

    public Cell(double v, long refMs)
    {
        V = v;
        RefMs = refMs;
    }
}
