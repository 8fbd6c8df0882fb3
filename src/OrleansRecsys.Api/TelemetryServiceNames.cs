namespace OrleansRecsys.Api;

/// <summary>
/// The OpenTelemetry <c>service.name</c> of each role (Prometheus shows it as <c>service_name</c> on <c>target_info</c>),
/// so a dashboard can tell a silo's metrics from a gateway's without knowing the scrape job.
/// </summary>
public static class TelemetryServiceNames
{
    /// <summary>The <c>service.namespace</c> both roles share.</summary>
    public const string Namespace = "orleansrecsys";

    public const string Silo = "recsys-silo";

    public const string Gateway = "recsys-gateway";
}
