using System.Text.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>The outcome of one open-loop run.</summary>
public sealed record LoadResult(string Name, double OfferedRate, double AchievedRate, long Sent, long Completed, long Errors, long Fallbacks,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double GcPauseMs = 0, int GcCount = 0, double AllocatedMbPerSecond = 0)
{
    public static string Header => $"{"run",-28} {"offered/s",10} {"achieved/s",11} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8} {"errors",7} {"fallbacks",9} {"GCs",5} {"GC pause ms",11} {"alloc MB/s",10}";

    public override string ToString() =>
        $"{Name,-28} {OfferedRate,10:F0} {AchievedRate,11:F0} {P50Ms,8:F3} {P90Ms,8:F3} {P99Ms,8:F3} {P999Ms,9:F3} {MaxMs,8:F2} {Errors,7} {Fallbacks,9} {GcCount,5} {GcPauseMs,11:F0} {AllocatedMbPerSecond,10:F0}";

    public string ToJson() => JsonSerializer.Serialize(this);
}
