using System.Diagnostics;
using Npgsql;

namespace OrleansRecsys.Silo.Storage;

/// <summary>
/// The silo's batched path to <c>orleans_grain_state</c>: concurrent grain writes (a checkpoint flushes thousands at
/// once) and activation reads each leave as multi-row statements, at most <see cref="MaxStatements"/> of them running at
/// a time per direction, on the grain-storage connection pool the ADO.NET provider also draws from.
/// </summary>
internal sealed class PostgresStateBatcher : IDisposable
{
    /// <summary>Rows per statement at most: large enough that a 20,000-grain checkpoint takes a few dozen statements,
    /// small enough that one statement's payloads stay a few MiB and one failure refuses few grains.</summary>
    public const int MaxRows = 1000;

    private const int MaxAttempts = 3;

    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly CoalescingQueue<PendingWrite> _writes;
    private readonly CoalescingQueue<PendingRead> _reads;
    private readonly Action<int, TimeSpan>? _statementDone;

    /// <param name="statementDone">Told the row count and duration of each write statement that committed (for the metrics).</param>
    public PostgresStateBatcher(string connectionString, string serviceId, int maxPoolSize, Action<int, TimeSpan>? statementDone = null)
    {
        _connectionString = connectionString;
        _serviceId = serviceId;
        _statementDone = statementDone;
        MaxStatements = Math.Clamp(maxPoolSize / 4, 1, 4);
        _writes = new CoalescingQueue<PendingWrite>(WriteAsync, MaxRows, MaxStatements);
        _reads = new CoalescingQueue<PendingRead>(ReadAsync, MaxRows, MaxStatements);
    }

    /// <summary>Statements in flight per direction: a quarter of the pool (at most 4), leaving the rest to the ADO.NET
    /// provider's clears and to a second direction; more would only queue inside PostgreSQL on a small server.</summary>
    public int MaxStatements { get; }

    /// <summary>The new version of the row, or null when its version did not match.</summary>
    public Task<int?> WriteAsync(StateRowKey key, int? expectedVersion, byte[] payload)
    {
        var write = new PendingWrite(key, expectedVersion, payload);
        _writes.Enqueue(write);
        return write.Done;
    }

    public Task<StoredRow?> ReadAsync(StateRowKey key)
    {
        var read = new PendingRead(key);
        _reads.Enqueue(read);
        return read.Done;
    }

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var versions = await WithConnectionAsync(c => BatchedStateSql.WriteAsync(c, _serviceId, batch));
        _statementDone?.Invoke(batch.Count, Stopwatch.GetElapsedTime(started));
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(versions[i]);
        }
    }

    private async Task ReadAsync(List<PendingRead> batch)
    {
        var rows = await WithConnectionAsync(c => BatchedStateSql.ReadAsync(c, _serviceId, batch));
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(rows[i]);
        }
    }

    /// <summary>Runs the statement on a pooled connection. A deadlock or serialization failure rolled the whole statement
    /// back, so it is tried again (two silos holding one grain can lock two rows in opposite orders); anything else fails
    /// the batch.</summary>
    private async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> statement)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync();
                return await statement(connection);
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(10 * attempt);
            }
        }
    }

    /// <summary>At silo disposal (grains have deactivated and written by then): the queues take nothing more.</summary>
    public void Dispose()
    {
        _writes.Complete();
        _reads.Complete();
    }
}
