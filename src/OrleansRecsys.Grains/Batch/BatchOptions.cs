using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Grains.Batch;

/// <summary>Options under <c>Recsys:Batch</c>: batch precompute and the precomputed recommendations it serves.</summary>
public sealed class BatchOptions
{
    public const string Section = "Recsys:Batch";

    /// <summary>How many shard work items of a run are in flight at once, cluster-wide (the rest wait their turn).</summary>
    [Range(1, ActivityShards.Count, ErrorMessage = Section + ":ShardsInFlight must be between {1} and {2}.")]
    public int ShardsInFlight { get; set; } = 4;

    /// <summary>How many users one work item scores at once.</summary>
    [Range(1, 256, ErrorMessage = Section + ":UsersInFlight must be between {1} and {2}.")]
    public int UsersInFlight { get; set; } = 8;

    /// <summary>How old a precomputed list may be and still be served; older ones are answered online.</summary>
    [Range(1, 7 * 24 * 3600, ErrorMessage = Section + ":FreshnessSeconds must be between {1} and {2}.")]
    public int FreshnessSeconds { get; set; } = 6 * 3600;

    /// <summary>
    /// How often a running coordinator's reminder checks its work items and re-sends the unfinished ones (after a silo
    /// restart the reminder is what wakes the coordinator). Orleans' minimum reminder period is set to this.
    /// </summary>
    [Range(1, 3600, ErrorMessage = Section + ":ResumeCheckSeconds must be between {1} and {2}.")]
    public int ResumeCheckSeconds { get; set; } = 60;

    /// <summary>How often an activity shard writes the activity it gathered (activity is a hint: a crash loses at most this much).</summary>
    [Range(1, 3600, ErrorMessage = Section + ":ActivityFlushSeconds must be between {1} and {2}.")]
    public int ActivityFlushSeconds { get; set; } = 10;

    /// <summary>How long a user stays in the activity shards after their last interaction (the widest segment a run can use).</summary>
    [Range(1, 90 * 24, ErrorMessage = Section + ":ActivityRetentionHours must be between {1} and {2}.")]
    public int ActivityRetentionHours { get; set; } = 90 * 24;

    /// <summary>How many finished runs each model's coordinator remembers.</summary>
    [Range(1, 1000, ErrorMessage = Section + ":History must be between {1} and {2}.")]
    public int History { get; set; } = 50;
}
