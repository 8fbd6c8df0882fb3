using Npgsql;

namespace OrleansRecsys.Silo;

/// <summary>
/// The one place that turns <c>Recsys:Storage</c> into the Npgsql connection strings of the host's pools. Npgsql keeps
/// one pool per distinct connection string, so each use gets its own <c>Application Name</c>: membership probes and
/// table updates never wait behind a burst of grain-state writes, and <c>pg_stat_activity</c> shows who holds what.
/// Every pool is capped at <c>Recsys:Storage:MaxPoolSize</c> (which overrides a size in the connection string), so a
/// process never holds more than pools × that many connections.
/// </summary>
internal static class PostgresConnections
{
    /// <summary>Grain state reads and writes (silos only).</summary>
    public const string GrainStoragePool = "recsys-grain-storage";

    /// <summary>The membership table: silos and gateways (gateways only read it).</summary>
    public const string ClusteringPool = "recsys-clustering";

    /// <summary>The reminder table (silos only): a few statements a minute, apart from the state writes it must not queue behind.</summary>
    public const string RemindersPool = "recsys-reminders";

    /// <summary>The reminder pool's cap: its few statements never need more, and a fixed small cap keeps the sizing rule
    /// (docs/operations.md) from growing by a whole <c>MaxPoolSize</c> per silo.</summary>
    public const int RemindersPoolSize = 2;

    public static string ForGrainStorage(StorageOptions storage) => Build(storage, GrainStoragePool);

    public static string ForReminders(StorageOptions storage) => Build(storage, RemindersPool, Math.Min(RemindersPoolSize, storage.MaxPoolSize));

    public static string ForClustering(StorageOptions storage) => Build(storage, ClusteringPool);

    /// <summary>The configured string with this pool's name, size cap and time limits.</summary>
    private static string Build(StorageOptions storage, string pool, int? maxPoolSize = null) => new NpgsqlConnectionStringBuilder(storage.ConnectionString)
    {
        ApplicationName = pool,
        // The caps and the sizing rule assume pooling; a "Pooling=false" in the configured string would open a connection per call.
        Pooling = true,
        MaxPoolSize = maxPoolSize ?? storage.MaxPoolSize,
        // A stopped or unreachable server fails a call after this many seconds instead of Npgsql's 15, so a silo's
        // shutdown with PostgreSQL down stays bounded; a pool at its cap waits as long for a free connection.
        Timeout = storage.ConnectTimeoutSeconds,
    }.ConnectionString;
}
