using OrleansRecsys.Security;

namespace OrleansRecsys.Client;

/// <summary>
/// How <see cref="RecsysClient"/> finds the cluster and what it uses when a call leaves a value out. Bound from
/// <c>Recsys:Client</c>, then adjusted by the delegate given to <c>AddRecsysClient</c>.
/// </summary>
public sealed class RecsysClientOptions
{
    public const string Section = "Recsys:Client";

    public const string LocalhostClustering = "localhost";
    public const string PostgresClustering = "postgres";

    /// <summary>Orleans cluster id; must match the silos' <c>Recsys:Host:ClusterId</c>.</summary>
    public string ClusterId { get; set; } = "recsys";

    /// <summary>Orleans service id; must match the silos' <c>Recsys:Host:ServiceId</c>.</summary>
    public string ServiceId { get; set; } = "recsys";

    /// <summary><c>localhost</c> (one local silo gateway) or <c>postgres</c> (the ADO.NET membership table).</summary>
    public string Clustering { get; set; } = LocalhostClustering;

    /// <summary>PostgreSQL connection string; required when <see cref="Clustering"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silo gateway port for localhost clustering.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Mutual TLS to the silo gateways: the same <c>Recsys:Tls</c> keys the silos read (certificate, key, CA), bound from
    /// that section first and then from <c>Recsys:Client:Tls</c>. Unset means plaintext, which silos with TLS refuse.
    /// </summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The model used when a call names none.</summary>
    public string DefaultModel { get; set; } = ModelNames.Default;

    /// <summary>The serving deadline used when a call gives none (1 ms .. 10 s).</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long past the deadline the client still waits for the grid's (fallback) answer before it answers from its
    /// own popularity snapshot (0 .. 1 s). The default keeps every rank and recommend answer within deadline + 100 ms.
    /// </summary>
    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How old the client's popularity snapshot may get before a call starts a background refresh (100 ms .. 10 min).</summary>
    public TimeSpan PopularityRefresh { get; set; } = TimeSpan.FromSeconds(5);
}
