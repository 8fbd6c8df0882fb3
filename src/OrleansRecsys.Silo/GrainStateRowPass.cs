using System.Runtime.CompilerServices;
using Npgsql;

namespace OrleansRecsys.Silo;

/// <summary>
/// One pass of an offline state command over the grain-state rows of a service: the rows are read on one connection
/// while the command rewrites each on a second (an open reader holds its connection), and the pass counts the rows it
/// read and keeps the first few failures for the report.
/// </summary>
internal sealed class GrainStateRowPass : IAsyncDisposable
{
    private const int MaxReportedFailures = 10;

    private readonly NpgsqlConnection _reading;
    private readonly List<string> _failures = [];

    private GrainStateRowPass(NpgsqlConnection reading, NpgsqlConnection writing, string serviceId)
    {
        _reading = reading;
        Writing = writing;
        ServiceId = serviceId;
    }

    /// <summary>The connection to rewrite rows on while the pass reads them.</summary>
    public NpgsqlConnection Writing { get; }

    public string ServiceId { get; }

    public long Rows { get; private set; }

    public long Failed { get; private set; }

    /// <summary>The first failures, each naming its row; <see cref="Failed"/> counts them all.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public static async Task<GrainStateRowPass> OpenAsync(string connectionString, string serviceId, CancellationToken ct)
    {
        var reading = new NpgsqlConnection(connectionString);
        var writing = new NpgsqlConnection(connectionString);
        var pass = new GrainStateRowPass(reading, writing, serviceId);
        try
        {
            await reading.OpenAsync(ct);
            await writing.OpenAsync(ct);
            return pass;
        }
        catch
        {
            await pass.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every row of the service, or only those holding a payload (a cleared grain's row has none).</summary>
    public async IAsyncEnumerable<GrainStateRow> RowsAsync(bool withPayloadOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        var sql = $"SELECT {GrainStateRow.Columns} FROM orleans_grain_state WHERE service_id = @service"
            + (withPayloadOnly ? " AND payload IS NOT NULL" : "");
        await using var select = new NpgsqlCommand(sql, _reading);
        select.Parameters.AddWithValue("service", ServiceId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Rows++;
            yield return GrainStateRow.Read(reader);
        }
    }

    public void Fail(GrainStateRow row, string problem)
    {
        Failed++;
        if (_failures.Count < MaxReportedFailures)
        {
            _failures.Add(row.Describe(problem));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reading.DisposeAsync();
        await Writing.DisposeAsync();
    }
}
