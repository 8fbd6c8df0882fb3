using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// CPU time of this process's threads, grouped by thread name (Linux, from <c>/proc/self/task/*/stat</c>): the .NET thread
/// pool, the server GC threads, librdkafka's client threads (<c>rdk:main</c>, <c>rdk:broker…</c>) and its mock broker are
/// named apart, so the difference of two snapshots says which of them a run's CPU went to. Elsewhere it reads nothing.
/// </summary>
public static partial class ThreadCpu
{
    /// <summary>The group of the runtime's background tiered-compilation thread (".NET Tiered Compilation Worker", cut to 15 characters).</summary>
    public const string TieredCompiler = ".NET Tiered Com";

    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the grid runs on

    /// <summary>Seconds of CPU (user + system) per thread-name group, of the threads alive now.</summary>
    public static Dictionary<string, double> Snapshot()
    {
        var byGroup = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc/self/task"))
        {
            return byGroup;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Read(Path.Combine(task, "stat")) is not { } stat)
            {
                continue;
            }

            // "tid (comm) state ..." — comm may hold spaces and parentheses, so the fields start after the last ')'.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(');
            var group = Group(stat[(open + 1)..close]);
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            byGroup[group] = byGroup.GetValueOrDefault(group) + (ticks / TicksPerSecond);
        }

        return byGroup;
    }

    /// <summary>CPU seconds of another process (user + system), or NaN when it cannot be read.</summary>
    public static double OfProcess(int pid)
    {
        if (Read($"/proc/{pid}/stat") is not { } stat)
        {
            return double.NaN;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>What each group spent between two snapshots (groups of threads that ended in between are not seen).</summary>
    public static Dictionary<string, double> Since(Dictionary<string, double> before)
    {
        var now = Snapshot();
        return now.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key), StringComparer.Ordinal);
    }

    /// <summary>Thread names without their numbers, so that "rdk:broker12" and "rdk:broker3" are one group.</summary>
    private static string Group(string comm) => Digits().Replace(comm, "").Trim();

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // the thread ended meanwhile
        }
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
