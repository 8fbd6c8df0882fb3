using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Membership</c>: how fast a dead silo is detected (cluster profile). A silo is
/// declared dead after about <see cref="ProbeTimeoutMs"/> × <see cref="MissedProbesLimit"/> without answers and
/// <see cref="VotesForDeath"/> silos agreeing; until then, calls to the grains it hosted wait, and so does ingestion.
/// Shorter means faster failover but a higher chance that a silo stalled by a long pause is declared dead (it then
/// stops itself).</summary>
public sealed class MembershipOptions
{
    public const string Section = "Recsys:Membership";

    [Range(100, 60_000, ErrorMessage = "Recsys:Membership:ProbeTimeoutMs must be 100..60000")]
    public int ProbeTimeoutMs { get; set; } = 1000;

    [Range(1, 10, ErrorMessage = "Recsys:Membership:MissedProbesLimit must be 1..10")]
    public int MissedProbesLimit { get; set; } = 2;

    [Range(1, 10, ErrorMessage = "Recsys:Membership:VotesForDeath must be 1..10")]
    public int VotesForDeath { get; set; } = 2;

    [Range(1, 600, ErrorMessage = "Recsys:Membership:TableRefreshSeconds must be 1..600")]
    public int TableRefreshSeconds { get; set; } = 60;
}
