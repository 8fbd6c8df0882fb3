namespace OrleansRecsys.Features.State;

/// <summary>One aggregation cell: a value and the event time it refers to (for decay, last, first).</summary>
[GenerateSerializer, Alias("recsys.Cell")]
internal struct Cell
{
    [Id(0)] public double Value;
    [Id(1)] public long RefMs;

    public Cell(double value, long refMs)
    {
        Value = value;
        RefMs = refMs;
    }
}
