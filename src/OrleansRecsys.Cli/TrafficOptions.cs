using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>The synthetic world's options shared by <c>train</c> and <c>simulate</c>: its pace, size and shift. The defaults
/// are the embedded grid's simulator defaults, so a model trained on them has the reference that grid's traffic matches.</summary>
internal static class TrafficOptions
{
    public static readonly string[] Names = ["users", "items", "shift"];

    /// <summary>The world described by <c>--users</c>, <c>--items</c>, <c>--shift</c> and the given events per second.</summary>
    public static TrafficSettings Parse(Args args, int eventsPerSecond)
    {
        var defaults = new TrafficSettings();
        return new TrafficSettings(
            EventsPerSecond: eventsPerSecond,
            Users: args.Int("users", defaults.Users, 1, 10_000_000),
            Items: args.Int("items", defaults.Items, 10, 1_000_000),
            Shift: Shift(args.Option("shift")));
    }

    private static TrafficShift Shift(string? value)
    {
        if (value is null)
        {
            return TrafficShift.None;
        }

        foreach (var shift in Enum.GetValues<TrafficShift>())
        {
            if (string.Equals(shift.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return shift;
            }
        }

        throw new UsageException($"--shift must be none, price, cohort or category (got '{value}')");
    }
}
