namespace OrleansRecsys.Client;

/// <summary>How <see cref="RecsysClient"/> finds the cluster and what it uses when a call leaves a value out.</summary>
public sealed class RecsysClientOptions
{
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

    /// <summary>The model used when a call names none.</summary>
    public string DefaultModel { get; set; } = "ranker";

    /// <summary>The serving deadline used when a call gives none (1 ms .. 10 s).</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long past the deadline the client still waits for the grid's (fallback) answer before giving up.</summary>
    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The problems with these options, each naming the property; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            errors.Add($"{nameof(ClusterId)} is required");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add($"{nameof(ServiceId)} is required");
        }

        if (Clustering is not (LocalhostClustering or PostgresClustering))
        {
            errors.Add($"{nameof(Clustering)} must be '{LocalhostClustering}' or '{PostgresClustering}' (got '{Clustering}')");
        }
        else if (Clustering == PostgresClustering && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{nameof(ConnectionString)} is required when {nameof(Clustering)} is '{PostgresClustering}'");
        }

        if (GatewayPort is < 1 or > 65535)
        {
            errors.Add($"{nameof(GatewayPort)} must be 1..65535");
        }

        if (RequestValidator.ModelError(DefaultModel, nameof(DefaultModel)) is { } model)
        {
            errors.Add(model);
        }

        if (RequestValidator.DeadlineError(DefaultDeadline, nameof(DefaultDeadline)) is { } deadline)
        {
            errors.Add(deadline);
        }

        if (DeadlineGrace < TimeSpan.Zero)
        {
            errors.Add($"{nameof(DeadlineGrace)} must not be negative");
        }

        return errors;
    }
}
