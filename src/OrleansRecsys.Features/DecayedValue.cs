using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// Exponentially decayed sums kept in one <see cref="Cell"/>: the cell holds the value as of its reference time,
/// so events may arrive in any order and the result is exact.
/// </summary>
internal static class DecayedValue
{
    /// <summary>Decay factor 2^(-(to - from)/halfLife).</summary>
    public static double Factor(long fromMs, long toMs, double halfLifeMs) => Math.Pow(2.0, -(toMs - fromMs) / halfLifeMs);

    /// <summary>Adds <paramref name="weight"/> at time <paramref name="tsMs"/> to a cell that stores its value as of its reference time.</summary>
    public static void Add(ref Cell cell, double weight, long tsMs, double halfLifeMs)
    {
        if (cell.RefMs == 0 && cell.Value == 0)
        {
            cell.Value = weight;
            cell.RefMs = tsMs;
        }
        else if (tsMs <= cell.RefMs)
        {
            cell.Value += weight * Factor(tsMs, cell.RefMs, halfLifeMs);
        }
        else
        {
            cell.Value = (cell.Value * Factor(cell.RefMs, tsMs, halfLifeMs)) + weight;
            cell.RefMs = tsMs;
        }
    }

    /// <summary>The cell's value as of <paramref name="asOfMs"/>.</summary>
    public static double Read(Cell cell, long asOfMs, double halfLifeMs) => cell.Value == 0 ? 0 : cell.Value * Factor(cell.RefMs, asOfMs, halfLifeMs);
}
