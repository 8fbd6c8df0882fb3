using System.Globalization;
using OrleansRecsys.Training.Evaluation;

namespace OrleansRecsys.Cli;

/// <summary>Culture-invariant formatting of numbers, times and plans for tables.</summary>
internal static class Format
{
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString(Math.Abs(value) >= 1e6 || (value != 0 && Math.Abs(value) < 1e-4) ? "G4" : "0.####", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A whole number as it is: no grouping and no exponent (counts of users, records, updates).</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A state as the API spells it (<c>running</c>, <c>completed</c>).</summary>
    public static string State<TState>(TState state) where TState : struct, Enum => state.ToString().ToLowerInvariant();

    public static string Score(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    public static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>An evaluation metric's mean, to three places.</summary>
    public static string Mean(MeanInterval metric) => metric.Mean.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A paired difference's mean, signed, so which side is ahead reads at a glance.</summary>
    public static string SignedMean(MeanInterval difference) => difference.Mean.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    /// <summary>A metric's 95 % confidence interval, as <c>[low, high]</c>.</summary>
    public static string Interval(MeanInterval metric) => string.Create(CultureInfo.InvariantCulture, $"[{metric.Low:0.000}, {metric.High:0.000}]");

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>The canary with its share, or every arm in bucket order ("v2 @ 20%, v3 @ 10%"); "-" without one.</summary>
    public static string Canary(RolloutPlan plan) =>
        RolloutArms.Of(plan) is { Length: > 0 } arms ? string.Join(", ", arms.Select(a => $"{a.Version} @ {Percent(RolloutArms.Percent(a.Weight))}")) : "-";

    public static string Shadows(string[]? shadow) => shadow is { Length: > 0 } ? string.Join(",", shadow) : "-";

    public static string Guardrails(Guardrails? g) => g is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"min {g.MinRequests} requests per arm, error delta ≤ {g.MaxErrorRateDelta:0.####}, fallback delta ≤ {g.MaxFallbackRateDelta:0.####}, ")
            + (g.MaxScoreTimeRatio > 0 ? string.Create(CultureInfo.InvariantCulture, $"scoring time per row ≤ {g.MaxScoreTimeRatio:0.##}× stable's") : "scoring-time ratio off")
            + (g.MaxScoreTimeDeltaUs > 0 ? string.Create(CultureInfo.InvariantCulture, $", ≤ stable's + {g.MaxScoreTimeDeltaUs:0.##} µs") : "");
}
