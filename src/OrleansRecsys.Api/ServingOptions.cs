using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Api;

/// <summary>
/// Options under <c>Recsys:Serving</c>: how long the HTTP API waits for the grid's rank and recommend answers, and how
/// fresh its own popularity snapshot is kept for answering without the grid. The default deadline is the grid's
/// (<see cref="GridDeadlineKey"/>), read here too because a gateway runs no grid to ask.
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Recsys:Serving";
    public const string GridDeadlineKey = "Recsys:Grid:DeadlineMs";

    /// <summary>The deadline of a request that gives no <c>deadlineMs</c> (from <see cref="GridDeadlineKey"/>).</summary>
    [Range(RequestLimits.MinDeadlineMs, RequestLimits.MaxDeadlineMs, ErrorMessage = GridDeadlineKey + " must be between {1} and {2}.")]
    public int DefaultDeadlineMs { get; set; } = 50;

    /// <summary>
    /// How long past a request's deadline the API still waits for the grid's answer (the grid's own fallback arrives at
    /// the deadline plus the network hop) before it answers from its snapshot. Deadline + grace + the HTTP write stays
    /// within deadline + 100 ms.
    /// </summary>
    [Range(0, 1000, ErrorMessage = Section + ":DeadlineGraceMs must be between {1} and {2}.")]
    public int DeadlineGraceMs { get; set; } = 30;

    /// <summary>How old the API's popularity snapshot may get before a request starts a background refresh.</summary>
    [Range(100, 600_000, ErrorMessage = Section + ":PopularityRefreshMs must be between {1} and {2}.")]
    public int PopularityRefreshMs { get; set; } = PopularLists.DefaultRefreshMs;
}
