using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Simulator</c> (local profile): the demo traffic.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Recsys:Simulator";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "Recsys:Simulator:EventsPerSecond must be 1..1000000")]
    public int EventsPerSecond { get; set; } = 200;

    [Range(1, 10_000_000, ErrorMessage = "Recsys:Simulator:Users must be 1..10000000")]
    public int Users { get; set; } = 2000;
}
