using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// Options under <c>Recsys:Batch:Schedule</c>: a batch run of <see cref="Model"/> every <see cref="IntervalSeconds"/>, for
/// <see cref="Segment"/> with top <see cref="K"/>. The schedule is a durable reminder of the model's coordinator, so it
/// survives restarts; a tick while a run is in progress is skipped (one run at a time). 0 turns the schedule off.
/// </summary>
public sealed class BatchScheduleOptions
{
    public const string Section = "Recsys:Batch:Schedule";

    /// <summary>Seconds between scheduled runs; 0 (the default) schedules none.</summary>
    [Range(0, 7 * 24 * 3600, ErrorMessage = Section + ":IntervalSeconds must be between {1} and {2}.")]
    public int IntervalSeconds { get; set; }

    /// <summary>The model whose stable version the scheduled runs rank with.</summary>
    public string Model { get; set; } = ModelNames.Default;

    /// <summary>How many items each user's precomputed list holds.</summary>
    public int K { get; set; } = 50;

    /// <summary>Which users: <c>all</c>, <c>active-{N}h</c> or <c>active-{N}d</c>.</summary>
    public string Segment { get; set; } = BatchSegment.Default;

    /// <summary>The schedule's period for <paramref name="model"/>: zero when none is configured for it.</summary>
    public TimeSpan IntervalFor(string model) =>
        IntervalSeconds > 0 && string.Equals(Model, model, StringComparison.Ordinal) ? TimeSpan.FromSeconds(IntervalSeconds) : TimeSpan.Zero;
}
