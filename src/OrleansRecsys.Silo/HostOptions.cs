using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Host</c>: what this process is and where it listens.</summary>
public sealed class RecsysHostOptions
{
    public const string Section = "Recsys:Host";

    /// <summary><c>silo</c> (grains, ingestion and HTTP) or <c>gateway</c> (HTTP over an Orleans client).</summary>
    [RegularExpression("^(silo|gateway)$", ErrorMessage = "Recsys:Host:Role must be 'silo' or 'gateway'")]
    public string Role { get; set; } = "silo";

    [Required]
    public string HttpUrl { get; set; } = "http://127.0.0.1:5080";

    [Required]
    public string ClusterId { get; set; } = "recsys";

    [Required]
    public string ServiceId { get; set; } = "recsys";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other silos and clients use to reach this silo (cluster profile); empty picks the host's address.</summary>
    public string? AdvertisedIp { get; set; }

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}

/// <summary>Options under <c>Recsys:Storage</c>: <c>memory</c> (embedded default) or <c>postgres</c> (ADO.NET).</summary>
public sealed class StorageOptions
{
    public const string Section = "Recsys:Storage";

    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Recsys:Storage:Provider must be 'memory' or 'postgres'")]
    public string Provider { get; set; } = "memory";

    public string? ConnectionString { get; set; }

    /// <summary><c>localhost</c> (one process) or <c>postgres</c> (ADO.NET membership table).</summary>
    [RegularExpression("^(localhost|postgres)$", ErrorMessage = "Recsys:Storage:Clustering must be 'localhost' or 'postgres'")]
    public string Clustering { get; set; } = "localhost";

    public bool UsesPostgres => Provider == "postgres" || Clustering == "postgres";
}

/// <summary>Options under <c>Recsys:Membership</c>: how fast a dead silo is detected (cluster profile).</summary>
public sealed class MembershipOptions
{
    public const string Section = "Recsys:Membership";

    [Range(100, 60_000)]
    public int ProbeTimeoutMs { get; set; } = 5000;

    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    [Range(1, 10)]
    public int VotesForDeath { get; set; } = 2;

    [Range(1, 600)]
    public int TableRefreshSeconds { get; set; } = 60;
}

/// <summary>Options under <c>Recsys:Demo</c> and <c>Recsys:Simulator</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Recsys:Demo";

    /// <summary>Train and register the demo ranker at start when the model has no stable version.</summary>
    public bool TrainAtStart { get; set; } = true;

    [Range(200, 1_000_000)]
    public int TrainingSessions { get; set; } = 3000;

    public bool PrintBanner { get; set; } = true;
}

public sealed class SimulatorOptions
{
    public const string Section = "Recsys:Simulator";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int EventsPerSecond { get; set; } = 200;

    [Range(1, 10_000_000)]
    public int Users { get; set; } = 2000;
}
