using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// With <c>Recsys:Encryption:GrainKeyPseudonymKey</c>, grain-state rows on PostgreSQL are keyed by pseudonyms: no grain id
/// in any column, on the ADO.NET provider's one-row path and on the batched path alike, with reads, clears and version
/// checks working as before; <c>migrate-grain-keys</c> moves a database written without the key.
/// </summary>
public sealed class PseudonymousGrainKeyTests
{
    private const string Secret = "pseudo-secret-user-";
    private static readonly string StateKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string GrainKeyKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static GrainId User(string id) => GrainId.Create("userfeature", id);

    [Fact]
    public async Task Rows_are_keyed_by_pseudonyms_on_both_write_paths_and_stale_writers_are_still_refused()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        using var _ = holder;
        var db = await TestInfra.CreateDatabaseAsync();
        var store = Directory.CreateTempSubdirectory("recsys-pseudo-").FullName;
        var oneRow = new Dictionary<string, string?> { ["Recsys:Storage:BatchWrites"] = "false", ["Recsys:Storage:BatchReads"] = "false" };
        await using var a = await StartAsync(kafka, db, Path.Combine(store, "a"), "pseudo-a", withKey: true, oneRow);
        await using var b = await StartAsync(kafka, db, Path.Combine(store, "b"), "pseudo-b", withKey: true);
        var (plain, batched) = (Storage(a), Storage(b));
        var ids = Enumerable.Range(0, 40).Select(i => Secret + Guid.NewGuid().ToString("N")[..6] + "-" + i).ToArray();

        // Half written one row at a time, half by concurrent (batched) writes; each read back through the other path.
        var states = ids.Select(id => new GrainState<List<string>> { State = [id] }).ToArray();
        for (var i = 0; i < 20; i++)
        {
            await plain.WriteStateAsync(StateNames.User, User(ids[i]), states[i]);
        }

        await Task.WhenAll(Enumerable.Range(20, 20).Select(i => batched.WriteStateAsync(StateNames.User, User(ids[i]), states[i])));
        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<List<string>>();
            await (i < 20 ? batched : plain).ReadStateAsync(StateNames.User, User(ids[i]), read);
            Assert.Equal([ids[i]], read.State);
            Assert.Equal(("1", true), (read.ETag, read.RecordExists));
        }

        // A writer holding an old version is refused on either path, and the row keeps its content.
        foreach (var (storage, index) in new[] { (plain, 0), (batched, 20) })
        {
            var fresh = new GrainState<List<string>> { State = ["second"], ETag = "1" };
            await storage.WriteStateAsync(StateNames.User, User(ids[index]), fresh);
            var stale = new GrainState<List<string>> { State = ["stale"], ETag = "1" };
            await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateNames.User, User(ids[index]), stale));
        }

        var cleared = states[5];
        await plain.ClearStateAsync(StateNames.User, User(ids[5]), cleared);
        var afterClear = new GrainState<List<string>>();
        await batched.ReadStateAsync(StateNames.User, User(ids[5]), afterClear);
        Assert.True(afterClear.State is null or { Count: 0 }, "a cleared grain reads as a fresh state");

        await AssertNoGrainIdInAnyColumnAsync(db, minimumPseudonymousRows: 40);
        Directory.Delete(store, recursive: true);
    }

    [Fact]
    public async Task Migrating_a_database_written_under_grain_ids_moves_every_row_and_keeps_its_state_and_version()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        using var _ = holder;
        var db = await TestInfra.CreateDatabaseAsync();
        var store = Directory.CreateTempSubdirectory("recsys-pseudo-migrate-").FullName;
        var ids = Enumerable.Range(0, 30).Select(i => Secret + "m" + i).ToArray();
        await using (var before = await StartAsync(kafka, db, Path.Combine(store, "before"), "pseudo-before", withKey: false))
        {
            await Task.WhenAll(ids.Select(id => Storage(before).WriteStateAsync(StateNames.User, User(id), new GrainState<List<string>> { State = [id] })));
        }

        Assert.Contains(await ColumnsAsTextAsync(db), row => row.Contains(Secret, StringComparison.Ordinal));
        var output = new StringWriter();
        Assert.Equal(0, await GrainKeyMigration.RunAsync([], output, CommandSettings(db, kafka, store)));
        Assert.Contains("0 failed", output.ToString(), StringComparison.Ordinal);
        await AssertNoGrainIdInAnyColumnAsync(db, minimumPseudonymousRows: ids.Length);

        await using (var after = await StartAsync(kafka, db, Path.Combine(store, "after"), "pseudo-after", withKey: true))
        {
            foreach (var id in ids)
            {
                var read = new GrainState<List<string>>();
                await Storage(after).ReadStateAsync(StateNames.User, User(id), read);
                Assert.Equal([id], read.State);
                Assert.Equal("1", read.ETag);
            }

            // The migrated row's version is the grain's ETag: a first write (no version) is refused, the holder's is not.
            await Assert.ThrowsAnyAsync<InconsistentStateException>(() =>
                Storage(after).WriteStateAsync(StateNames.User, User(ids[0]), new GrainState<List<string>> { State = ["new grain"] }));
            var holderOfVersion = new GrainState<List<string>> { State = ["updated"], ETag = "1" };
            await Storage(after).WriteStateAsync(StateNames.User, User(ids[0]), holderOfVersion);
            Assert.Equal("2", holderOfVersion.ETag);
        }

        var again = new StringWriter();
        Assert.Equal(0, await GrainKeyMigration.RunAsync([], again, CommandSettings(db, kafka, store)));
        Assert.Contains(" 0 moved", again.ToString(), StringComparison.Ordinal);
        Directory.Delete(store, recursive: true);
    }

    /// <summary>Every column of every row, as PostgreSQL prints it (payloads as hex), holds no grain id: neither as text
    /// nor hex-encoded; and the rows written here are there, under pseudonyms.</summary>
    private static async Task AssertNoGrainIdInAnyColumnAsync(string db, int minimumPseudonymousRows)
    {
        var rows = await ColumnsAsTextAsync(db);
        var hexSecret = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Secret));
        Assert.All(rows, row =>
        {
            Assert.DoesNotContain(Secret, row, StringComparison.Ordinal);
            Assert.DoesNotContain(hexSecret, row, StringComparison.OrdinalIgnoreCase);
        });
        Assert.True(rows.Count(r => r.Contains(",user,", StringComparison.Ordinal) && r.Contains(GrainKeyPseudonyms.Prefix, StringComparison.Ordinal)) >= minimumPseudonymousRows,
            "the user rows written are in the table, keyed by pseudonyms");
    }

    private static async Task<List<string>> ColumnsAsTextAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT s::text FROM orleans_grain_state AS s", conn);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static IGrainStorage Storage(GridHost host) => host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);

    private static Task<GridHost> StartAsync(string kafka, string db, string store, string cluster, bool withKey, Dictionary<string, string?>? extra = null)
    {
        var settings = Keys(withKey);
        settings["Recsys:Host:ClusterId"] = cluster;
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return GridHost.StartAsync(kafka, db, cluster, store, train: false, settings);
    }

    private static Dictionary<string, string?> Keys(bool withGrainKeyKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Encryption:Keys:0:Id"] = "k1",
            ["Recsys:Encryption:Keys:0:Key"] = StateKey,
        };
        if (withGrainKeyKey)
        {
            settings["Recsys:Encryption:GrainKeyPseudonymKey"] = GrainKeyKey;
        }

        return settings;
    }

    /// <summary>What the command reads: the silo's settings (storage, broker, keys), as a job would get them.</summary>
    private static Dictionary<string, string?> CommandSettings(string db, string kafka, string store)
    {
        var settings = Testing.EmbeddedGrid.Overrides(store, Keys(withGrainKeyKey: true));
        settings["Recsys:Storage:Provider"] = "postgres";
        settings["Recsys:Storage:ConnectionString"] = db;
        settings["Recsys:Kafka:BootstrapServers"] = kafka;
        settings["Recsys:Demo:TrainAtStart"] = "false";
        return settings;
    }
}
