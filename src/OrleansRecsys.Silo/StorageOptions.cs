using System.ComponentModel.DataAnnotations;

namespace OrleansRecsys.Silo;

/// <summary>Options under <c>Recsys:Storage</c>: <c>memory</c> (embedded default) or <c>postgres</c> (ADO.NET).</summary>
public sealed class StorageOptions
{
    public const string Section = "Recsys:Storage";
    public const string Postgres = "postgres";

    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Recsys:Storage:Provider must be 'memory' or 'postgres'")]
    public string Provider { get; set; } = "memory";

    /// <summary>PostgreSQL connection string; required when <see cref="Provider"/> or <see cref="Clustering"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>localhost</c> (one process) or <c>postgres</c> (ADO.NET membership table).</summary>
    [RegularExpression("^(localhost|postgres)$", ErrorMessage = "Recsys:Storage:Clustering must be 'localhost' or 'postgres'")]
    public string Clustering { get; set; } = "localhost";

    /// <summary>Most connections in each of this process's PostgreSQL pools (grain storage, clustering); overrides a
    /// <c>Maximum Pool Size</c> in <see cref="ConnectionString"/>. docs/operations.md gives the sizing rule.</summary>
    [Range(1, 500, ErrorMessage = "Recsys:Storage:MaxPoolSize must be 1..500")]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>Seconds to open a connection, or to wait for a free one in a full pool, before the call fails.</summary>
    [Range(1, 60, ErrorMessage = "Recsys:Storage:ConnectTimeoutSeconds must be 1..60")]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>With <c>postgres</c>: concurrent grain-state writes (a checkpoint's flushes) leave as multi-row statements
    /// instead of one statement per grain. <c>false</c> keeps the ADO.NET provider's one-row writes (for comparison).</summary>
    public bool BatchWrites { get; set; } = true;

    /// <summary>With <see cref="BatchWrites"/>: activation reads that arrive together leave as one multi-row select too.</summary>
    public bool BatchReads { get; set; } = true;

    /// <summary>Grain state outlives the process (PostgreSQL), so checkpoints must wait for grains to write it.</summary>
    public bool IsDurable => Provider == Postgres;

    public bool UsesPostgresClustering => Clustering == Postgres;

    public bool UsesPostgres => IsDurable || UsesPostgresClustering;
}
