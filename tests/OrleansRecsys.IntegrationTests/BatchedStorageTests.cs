using System.Diagnostics.Metrics;
using Npgsql;
using Orleans.Storage;
using OrleansRecsys.Grains;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The batched PostgreSQL writes and reads keep the ADO.NET provider's per-grain results and rows.</summary>
public sealed class BatchedStorageTests(BatchedStorageFixture fx) : IClassFixture<BatchedStorageFixture>
{
    private const string StateName = "batchtest";

    private static GrainId Grain(string key) => GrainId.Create("batchtestgrain", key);

    [Fact]
    public async Task Concurrent_writes_of_many_grains_land_as_multi_row_statements_the_provider_reads_back()
    {
        using var rows = new StatementRows();
        var prefix = "many-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var states = Enumerable.Range(0, 3000).Select(i => new GrainState<string> { State = prefix + i }).ToArray();

        await Task.WhenAll(states.Select((s, i) => fx.StorageOfA.WriteStateAsync(StateName, Grain(prefix + i), s)));

        Assert.All(states, s => Assert.Equal("1", s.ETag));
        Assert.True(rows.Max > 1, $"writes arriving together share statements (largest statement: {rows.Max} rows)");
        Assert.True(rows.Total >= 3000);
        Assert.Equal(3000, await CountRowsAsync(prefix));
        // Silo A reads through the ADO.NET provider's own query: the batched rows are the rows it looks for.
        for (var i = 0; i < 3000; i += 97)
        {
            var read = new GrainState<string>();
            await fx.StorageOfA.ReadStateAsync(StateName, Grain(prefix + i), read);
            Assert.True(read.RecordExists);
            Assert.Equal((prefix + i, "1"), (read.State, read.ETag));
        }
    }

    [Fact]
    public async Task A_stale_version_in_a_batch_is_refused_for_that_grain_only()
    {
        var prefix = "stale-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var states = Enumerable.Range(0, 300).Select(i => new GrainState<string> { State = "first" }).ToArray();
        await Task.WhenAll(states.Select((s, i) => fx.StorageOfA.WriteStateAsync(StateName, Grain(prefix + i), s)));
        foreach (var s in states)
        {
            s.State = "second";
        }

        states[150].ETag = "7"; // this writer's version is not the stored one

        var writes = states.Select((s, i) => fx.StorageOfA.WriteStateAsync(StateName, Grain(prefix + i), s)).ToArray();
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => writes[150]);
        await Task.WhenAll(writes.Where((_, i) => i != 150));

        Assert.All(states.Where((_, i) => i != 150), s => Assert.Equal("2", s.ETag));
        var refused = new GrainState<string>();
        await fx.StorageOfB.ReadStateAsync(StateName, Grain(prefix + 150), refused);
        Assert.Equal(("first", "1"), (refused.State, refused.ETag));
        var neighbour = new GrainState<string>();
        await fx.StorageOfB.ReadStateAsync(StateName, Grain(prefix + 151), neighbour);
        Assert.Equal(("second", "2"), (neighbour.State, neighbour.ETag));
    }

    [Fact]
    public async Task Two_silos_writing_one_grain_from_the_same_version_are_refused_by_version_but_one()
    {
        for (var round = 0; round < 20; round++)
        {
            var grain = Grain("race-" + Guid.NewGuid().ToString("N")[..8]);
            // First writes (no version yet) race on the insert, then updates from version 1 race on the update.
            await OneWinsAsync(grain, etag: null);
            var stored = new GrainState<string>();
            await fx.StorageOfB.ReadStateAsync(StateName, grain, stored);
            await OneWinsAsync(grain, stored.ETag);
        }
    }

    [Fact]
    public async Task Batched_reads_return_each_grains_row_and_nothing_for_a_grain_never_written()
    {
        var prefix = "read-" + Guid.NewGuid().ToString("N")[..6] + "-";
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            fx.StorageOfA.WriteStateAsync(StateName, Grain(prefix + i), new GrainState<string> { State = "v" + i })));

        var reads = Enumerable.Range(0, 500).Select(_ => new GrainState<string>()).ToArray();
        var never = new GrainState<List<string>> { State = ["left over"], ETag = "3" };
        await Task.WhenAll(reads.Select((r, i) => fx.StorageOfB.ReadStateAsync(StateName, Grain(prefix + i), r))
            .Append(fx.StorageOfB.ReadStateAsync(StateName, Grain(prefix + "never"), never)));

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(("v" + i, "1", true), (reads[i].State, reads[i].ETag, reads[i].RecordExists));
        }

        // A grain with no row starts from a fresh state and no version, as with the provider's own read.
        Assert.Empty(never.State);
        Assert.Null(never.ETag);
        Assert.False(never.RecordExists);
    }

    private async Task OneWinsAsync(GrainId grain, string? etag)
    {
        var a = new GrainState<string> { State = "from a", ETag = etag };
        var b = new GrainState<string> { State = "from b", ETag = etag };
        var writes = new[] { fx.StorageOfA.WriteStateAsync(StateName, grain, a), fx.StorageOfB.WriteStateAsync(StateName, grain, b) };
        var outcomes = new List<bool>();
        foreach (var write in writes)
        {
            try
            {
                await write;
                outcomes.Add(true);
            }
            catch (InconsistentStateException)
            {
                outcomes.Add(false);
            }
        }

        Assert.Equal(1, outcomes.Count(won => won));
        var stored = new GrainState<string>();
        await fx.StorageOfA.ReadStateAsync(StateName, grain, stored);
        Assert.Equal(outcomes[0] ? "from a" : "from b", stored.State);
    }

    private async Task<long> CountRowsAsync(string prefix)
    {
        await using var conn = new NpgsqlConnection(fx.Database);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleans_grain_state WHERE grain_type = $1 AND grain_key_ext LIKE $2", conn);
        count.Parameters.Add(new NpgsqlParameter { Value = StateName });
        count.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The rows of each batched write statement, as the silos' metrics record them.</summary>
    private sealed class StatementRows : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;
        private int _max;

        public StatementRows()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name == RecsysMetrics.StateWriteStatementRowsName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, rows, _, _) =>
            {
                Interlocked.Add(ref _total, rows);
                int seen;
                while ((seen = Volatile.Read(ref _max)) < rows && Interlocked.CompareExchange(ref _max, rows, seen) != seen)
                {
                }
            });
            _listener.Start();
        }

        public int Max => Volatile.Read(ref _max);
        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
