namespace OrleansRecsys;

/// <summary>
/// A grain-storage failure as it crosses silos and reaches clients. The database driver's own exception types have no
/// Orleans codec, so the silo that caught one would otherwise hand its caller a codec error instead of the cause; this
/// type carries what an operator needs: the database's SQL state (e.g. <c>53300</c> too many connections, <c>57P01</c>
/// shutdown) and its message. It derives from <see cref="OrleansException"/> so Orleans passes it on unwrapped.
/// </summary>
[GenerateSerializer, Alias("recsys.StorageFailureException")]
public sealed class StorageFailureException : OrleansException
{
    public StorageFailureException()
    {
    }

    public StorageFailureException(string message, string? sqlState, string errorType) : base(message)
    {
        SqlState = sqlState;
        ErrorType = errorType;
    }

    /// <summary>The five-character SQLSTATE the server reported; null when no server answered (connect failure, timeout).</summary>
    [Id(0)]
    public string? SqlState { get; init; }

    /// <summary>The full name of the driver's exception type, e.g. <c>Npgsql.PostgresException</c>.</summary>
    [Id(1)]
    public string ErrorType { get; init; } = "";
}
