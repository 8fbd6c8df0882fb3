using System.Globalization;

namespace OrleansRecsys.Testing;

/// <summary>
/// The resident memory of another process on Linux, from <c>/proc/{pid}/status</c>: now (VmRSS) and its peak (VmHWM).
/// The peak can be reset (<c>clear_refs</c>), so a measurement sees the highest point of one operation.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resets the process's peak resident set to its current one.</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>Resident bytes now and at the peak since the last reset (or the start).</summary>
    public static (long Resident, long Peak) Read(int pid)
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return (resident, peak);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
