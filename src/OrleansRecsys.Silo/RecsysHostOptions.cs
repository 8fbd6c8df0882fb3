using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Host</c>: what this process is and where it listens.</summary>
public sealed class RecsysHostOptions
{
    public const string Section = "Recsys:Host";
    public const string SiloRole = "silo";
    public const string GatewayRole = "gateway";

    /// <summary><c>silo</c> (grains, ingestion and HTTP) or <c>gateway</c> (HTTP over an Orleans client).</summary>
    [RegularExpression("^(silo|gateway)$", ErrorMessage = "Recsys:Host:Role must be 'silo' or 'gateway'")]
    public string Role { get; set; } = SiloRole;

    [Required(ErrorMessage = "Recsys:Host:HttpUrl is required")]
    public string HttpUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// A second listen URL (one, with an explicit port) that alone serves <c>/metrics</c> and <c>/health/*</c>; the
    /// public URLs then answer 404 there, and this one serves nothing else. Empty keeps them on the public URLs.
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>
    /// The listen URL of the gRPC services (one, with an explicit port of its own): <c>http://</c> serves HTTP/2 without
    /// TLS (h2c), <c>https://</c> HTTP/2 over TLS with Kestrel's default certificate. Empty serves no gRPC.
    /// </summary>
    public string? GrpcUrl { get; set; }

    /// <summary>
    /// Local profile only: let its HTTP, management and gRPC endpoints listen on addresses other hosts can reach. Off, the
    /// local profile refuses to start on them: it is a grid for one developer, whose signing key and admin token are
    /// files on this machine. The cluster profile ignores it (it has <c>Recsys:Tls:AllowPlaintext</c> instead).
    /// </summary>
    public bool AllowNonLoopback { get; set; }

    [Required(ErrorMessage = "Recsys:Host:ClusterId is required")]
    public string ClusterId { get; set; } = "recsys";

    [Required(ErrorMessage = "Recsys:Host:ServiceId is required")]
    public string ServiceId { get; set; } = "recsys";

    [Range(1, 65535, ErrorMessage = "Recsys:Host:SiloPort must be 1..65535")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other silos and clients use to reach this silo (cluster profile); empty picks the host's address.</summary>
    public string? AdvertisedIp { get; set; }

    [Range(1, 65535, ErrorMessage = "Recsys:Host:GatewayPort must be 1..65535")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Seconds a stop (SIGTERM) may take before the host cancels what is still running: ingestion's last checkpoint,
    /// grain deactivations (each bounded by a share of it) and leaving Orleans membership. What is cut is not lost:
    /// offsets are committed only behind written state, so the partitions' next owner replays it.
    /// </summary>
    [Range(2, 300, ErrorMessage = "Recsys:Host:ShutdownTimeoutSeconds must be 2..300")]
    public int ShutdownTimeoutSeconds { get; set; } = 8;

    /// <summary>
    /// The silo runs in a Kubernetes pod: its name and address come from the pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>,
    /// <c>POD_IP</c> through the downward API), and it watches the grid's pods, so a deleted pod's silo is declared dead
    /// at once instead of after missed probes. Needs a role that may get, list, watch and delete pods in the namespace
    /// (deploy/k8s). Membership stays in PostgreSQL.
    /// </summary>
    public bool Kubernetes { get; set; }

    public bool IsGateway => Role == GatewayRole;
}
