using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Demo</c> (local profile): the demo ranker and the start-up banner.</summary>
public sealed class DemoOptions
{
    public const string Section = "Recsys:Demo";

    /// <summary>Train and register the demo ranker at start when the model has no stable version.</summary>
    public bool TrainAtStart { get; set; } = true;

    [Range(200, 1_000_000, ErrorMessage = "Recsys:Demo:TrainingSessions must be 200..1000000")]
    public int TrainingSessions { get; set; } = 3000;

    public bool PrintBanner { get; set; } = true;
}
