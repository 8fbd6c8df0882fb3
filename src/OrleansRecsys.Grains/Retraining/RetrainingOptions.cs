using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>Options under <c>Recsys:Retraining</c>: how often each model's autopilot looks, and the configured policies.</summary>
public sealed class RetrainingOptions
{
    public const string Section = "Recsys:Retraining";

    /// <summary>
    /// The period of an autopilot's reminder: how often it reads the model report for its triggers and moves its run on
    /// (a finished step is taken up at the next tick). Orleans' minimum reminder period is lowered to this when shorter.
    /// </summary>
    [Range(1, 3600, ErrorMessage = Section + ":TickSeconds must be between {1} and {2}.")]
    public int TickSeconds { get; set; } = 30;

    /// <summary>How many finished runs each model's autopilot remembers.</summary>
    [Range(1, 1000, ErrorMessage = Section + ":History must be between {1} and {2}.")]
    public int History { get; set; } = 50;

    /// <summary>Policies by model name (<c>Recsys:Retraining:Models:ranker:DriftPsi</c>, ...); a model not listed has none
    /// until one is set through the API.</summary>
    public Dictionary<string, RetrainingPolicyOptions> Models { get; set; } = new(StringComparer.Ordinal);
}
