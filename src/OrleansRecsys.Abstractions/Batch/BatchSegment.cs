namespace OrleansRecsys;

/// <summary>
/// Which users a batch run precomputes: <c>all</c> (every user the activity shards hold) or <c>active-{N}h</c> /
/// <c>active-{N}d</c> (users with an interaction in the last N hours or days, 1 hour .. 90 days).
/// </summary>
public static class BatchSegment
{
    public const string All = "all";

    /// <summary>What a run asks for when it names no segment.</summary>
    public const string Default = "active-24h";

    public const string Description = "'all', 'active-{N}h' or 'active-{N}d' (1 hour .. 90 days)";

    private static readonly TimeSpan Longest = TimeSpan.FromDays(90);

    /// <summary>The segment's window (<see cref="TimeSpan.Zero"/> for <see cref="All"/>), or null when it is not a segment.</summary>
    public static TimeSpan? Window(string? segment)
    {
        if (segment == All)
        {
            return TimeSpan.Zero;
        }

        if (segment is null || !segment.StartsWith("active-", StringComparison.Ordinal) || segment.Length < "active-1h".Length)
        {
            return null;
        }

        var number = segment.AsSpan("active-".Length, segment.Length - "active-".Length - 1);
        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return null;
        }

        TimeSpan? window = segment[^1] switch
        {
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
        return window <= Longest ? window : null;
    }

    /// <summary>The earliest last-activity time (Unix ms) a user of <paramref name="segment"/> has at <paramref name="nowMs"/>; 0 for all.</summary>
    public static long ActiveSinceMs(string segment, long nowMs) =>
        Window(segment) is { } window && window > TimeSpan.Zero ? nowMs - (long)window.TotalMilliseconds : 0;
}
