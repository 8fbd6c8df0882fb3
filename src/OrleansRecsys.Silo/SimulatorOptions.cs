using System.ComponentModel.DataAnnotations;
using OrleansRecsys.Training;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Simulator</c> (local profile): the demo traffic, which the demo model is also trained on.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Recsys:Simulator";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "Recsys:Simulator:EventsPerSecond must be 1..1000000")]
    public int EventsPerSecond { get; set; } = 200;

    [Range(1, 10_000_000, ErrorMessage = "Recsys:Simulator:Users must be 1..10000000")]
    public int Users { get; set; } = 2000;

    [Range(10, 1_000_000, ErrorMessage = "Recsys:Simulator:Items must be 10..1000000")]
    public int Items { get; set; } = 500;

    /// <summary>
    /// Shifts the live world away from what the demo model was trained on (<c>none</c>, <c>price</c>, <c>cohort</c>,
    /// <c>category</c>), to see drift appear; read again while running, so removing it lets drift settle.
    /// </summary>
    [EnumDataType(typeof(TrafficShift), ErrorMessage = "Recsys:Simulator:Shift must be none, price, cohort or category")]
    public TrafficShift Shift { get; set; }

    /// <summary>
    /// How many of each ranking's top items the simulated user is shown (0: all of them). Users still browse (view) every
    /// candidate, but click, cart and buy only what they were shown, so a better ranking earns a higher attributed CTR.
    /// Read again while running.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Recsys:Simulator:Shown must be 0..1000")]
    public int Shown { get; set; }

    /// <summary>The steady world these options describe: what the demo model is trained on (never shifted).</summary>
    public TrafficSettings SteadyTraffic() => new(EventsPerSecond, Users, Items);
}
