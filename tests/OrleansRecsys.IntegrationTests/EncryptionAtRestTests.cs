using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Grain state at rest on PostgreSQL: sealed (no user id, item id or feature name in any payload) and keyed by
/// pseudonyms (no grain id in the key column), bound to its row,
/// readable through a key rotation, re-encrypted beside a live silo, and readable once the old key is gone. The
/// prediction log carries pseudonyms that still join with outcomes.
/// </summary>
public sealed class EncryptionAtRestTests
{
    private const string UserPrefix = "atrest-secret-user-";
    private const string ItemPrefix = "atrest-secret-item-";
    private static readonly byte[] K1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] K2 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] PseudonymKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] GrainKeyPseudonymKey = RandomNumberGenerator.GetBytes(32);

    private sealed record StoredRow(string StateName, long N0, long N1, string? KeyString, byte[] Payload)
    {
        public byte[] Identity => GrainStateIdentity.Of(StateName, N0, N1, KeyString);
    }

    [Fact]
    public async Task Stored_state_is_sealed_bound_to_its_row_survives_rotation_and_re_encryption_and_the_log_is_pseudonymous()
    {
        await TestInfra.WithOwnKafkaAsync("atrest", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var first = UserReference.Generate(UserPrefix, 20, 600, seed: 21);
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka }).Build();
            await using (var a = await GridHost.StartAsync(kafka, db, "atrest", store, train: true, Keys(("k1", K1))))
            {
                Produce(producer, first, 0);
                await WaitForReference(a, UserReference.From(first));
                await a.WaitUntilReadyAsync();
                await PredictionLogIsPseudonymousAndJoinsAsync(a, kafka, store);
            }

            var rows = await RowsAsync(db);
            AssertNoPlaintext(rows, first);
            Assert.All(rows, r => Assert.Equal("k1", StateCipher.KeyIdOf(r.Payload)));
            AssertBoundToTheirRows(rows);

            // Rotation: k2 is added and made active; every grain written under k1 still reads. A re-encryption pass runs
            // while this silo ingests more events (live writers), and misses nothing.
            var second = UserReference.Generate(UserPrefix, 30, 600, seed: 22);
            var all = UserReference.From(first.Concat(second));
            await using (var b = await GridHost.StartAsync(kafka, db, "atrest", store, train: false, Keys(("k1", K1), ("k2", K2))))
            {
                await WaitForReference(b, UserReference.From(first));
                Produce(producer, second, first.Count);
                var output = new StringWriter();
                Assert.Equal(0, await StateReencryption.RunAsync([], output, CommandSettings(db, kafka, store, ("k1", K1), ("k2", K2))));
                Assert.Contains("0 failed", output.ToString());
                await WaitForReference(b, all);
                await b.WaitUntilReadyAsync();
                await AssertServesAsync(b);
            }

            Assert.All(await RowsAsync(db), r => Assert.Equal("k2", StateCipher.KeyIdOf(r.Payload)));

            // The old key removed: everything still reads.
            await using var c = await GridHost.StartAsync(kafka, db, "atrest", store, train: false, Keys(("k2", K2)));
            await WaitForReference(c, all);
            await c.WaitUntilReadyAsync();
            await AssertServesAsync(c);
        });
    }

    [Fact]
    public async Task Re_encryption_names_the_missing_key_and_changes_nothing_when_the_ring_cannot_open_a_row()
    {
        await TestInfra.WithOwnKafkaAsync("atrest-missing", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            await using (var a = await GridHost.StartAsync(kafka, db, "atrest-missing", store, train: true, Keys(("k1", K1))))
            {
                await a.WaitUntilReadyAsync();
                await AssertServesAsync(a);
            }

            var before = await RowsAsync(db);
            var output = new StringWriter();
            Assert.Equal(1, await StateReencryption.RunAsync([], output, CommandSettings(db, kafka, store, ("k2", K2))));
            Assert.Contains("'k1', which is not in Recsys:Encryption:Keys", output.ToString());
            Assert.Equal(before.Select(r => Convert.ToBase64String(r.Payload)), (await RowsAsync(db)).Select(r => Convert.ToBase64String(r.Payload)));
        });
    }

    /// <summary>No payload holds a user id, an item id, a feature name or the model's name, and every row is keyed by a
    /// pseudonym: no grain id in the key column either.</summary>
    private static void AssertNoPlaintext(List<StoredRow> rows, List<(string User, string Type, long Ts, double Value)> events)
    {
        var needles = events.Select(e => e.User).Concat(events.Select(e => Item(e.Ts)))
            .Concat(FeatureNames()).Append("ranker")
            .Where(n => n.Length >= 6).Distinct().Select(Encoding.UTF8.GetBytes).ToList();
        Assert.Contains(rows, r => r.StateName == StateNames.User);
        Assert.Contains(rows, r => r.StateName == StateNames.Item);
        Assert.Contains(rows, r => r.StateName == StateNames.Registry);
        Assert.Contains(rows, r => r.StateName == StateNames.Rollout);
        foreach (var row in rows)
        {
            Assert.True(StateCipher.IsSealed(row.Payload), $"state '{row.StateName}' is not sealed");
            foreach (var needle in needles)
            {
                Assert.True(row.Payload.AsSpan().IndexOf(needle) < 0, $"state '{row.StateName}' holds '{Encoding.UTF8.GetString(needle)}' in plaintext");
            }
        }

        // The test would see plaintext if there were any: opened, the payloads do hold the ids and names searched for.
        var encryption = StateEncryption.From(Options(("k1", K1)));
        var opened = rows.Select(r => encryption.Unprotect(r.Payload, r.Identity)).ToList();
        Assert.Contains(opened, p => needles.Any(n => p.AsSpan().IndexOf(n) >= 0));
        Assert.All(rows, r => Assert.True(GrainKeyPseudonyms.IsPseudonym(r.KeyString), $"state '{r.StateName}' is keyed by '{r.KeyString}', not a pseudonym"));
        Assert.All(rows, r => Assert.Equal((0L, 0L), (r.N0, r.N1)));
    }

    /// <summary>A user's payload copied into another user's row does not open there.</summary>
    private static void AssertBoundToTheirRows(List<StoredRow> rows)
    {
        var users = rows.Where(r => r.StateName == StateNames.User).Take(2).ToList();
        var encryption = StateEncryption.From(Options(("k1", K1)));
        _ = encryption.Unprotect(users[0].Payload, users[0].Identity);
        var error = Assert.Throws<StateDecryptionException>(() =>
            encryption.Unprotect(users[0].Payload, users[1].Identity));
        Assert.Contains("belongs to another grain", error.Message);
    }

    /// <summary>Ranked responses are logged under the user's pseudonym (record and message key); the export still joins
    /// them with their clicks by request id.</summary>
    private static async Task PredictionLogIsPseudonymousAndJoinsAsync(GridHost host, string kafka, string store)
    {
        using var admin = host.Http(Roles.Admin);
        // Not one of the generated users: the click below would change the features their reference checks.
        var user = UserPrefix + "ranked";
        var ranked = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = user, candidates = new[] { ItemPrefix + "1", ItemPrefix + "2" }, k = 2 })).Json();
        Assert.False(ranked.GetProperty("fallback").GetBoolean());
        var requestId = ranked.GetProperty("requestId").GetString()!;
        var click = new[] { new { eventId = "atrest-click", userId = user, itemId = ItemPrefix + "1", type = "click", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), requestId } };
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", click)).StatusCode);

        var pseudonym = new UserPseudonyms(PseudonymKey).Of(user);
        var file = Path.Combine(store, "atrest-export.jsonl");
        await TestInfra.WaitUntil(async () =>
        {
            var s = await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(kafka, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), file));
            return s.Positives == 1;
        }, TimeSpan.FromSeconds(30), "the export to join the logged prediction with its click");
        var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines, l => Assert.StartsWith("p-", l.GetProperty("userId").GetString()));
        Assert.Contains(lines, l => l.GetProperty("userId").GetString() == pseudonym && l.GetProperty("label").GetBoolean()
            && l.GetProperty("itemId").GetString() == ItemPrefix + "1");

        // The raw log: the message key is the pseudonym too, and no record holds the user id.
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = kafka, GroupId = "atrest-log", AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(Topics.Predictions);
        var keys = new List<string>();
        while (consumer.Consume(TimeSpan.FromSeconds(5)) is { } message)
        {
            keys.Add(message.Message.Key);
            Assert.True(message.Message.Value.AsSpan().IndexOf(Encoding.UTF8.GetBytes(UserPrefix)) < 0, "a prediction record holds a user id");
        }

        Assert.Contains(pseudonym, keys);
        Assert.DoesNotContain(keys, k => k.StartsWith(UserPrefix, StringComparison.Ordinal));
    }

    private static async Task AssertServesAsync(GridHost host)
    {
        var ranked = await host.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest("atrest", [ItemPrefix + "1", ItemPrefix + "2"], 2, "ranker", DeadlineMs: 5000));
        Assert.False(ranked.Fallback, ranked.FallbackReason);
    }

    private static async Task<List<StoredRow>> RowsAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT grain_type, grain_id_n0, grain_id_n1, grain_key_ext, payload FROM orleans_grain_state WHERE payload IS NOT NULL", conn);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3), (byte[])reader[4]));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static Dictionary<string, string?> Keys(params (string Id, byte[] Key)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Encryption:PseudonymKey"] = Convert.ToBase64String(PseudonymKey),
            ["Recsys:Encryption:GrainKeyPseudonymKey"] = Convert.ToBase64String(GrainKeyPseudonymKey),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Recsys:Encryption:Keys:{i}:Id"] = keys[i].Id;
            settings[$"Recsys:Encryption:Keys:{i}:Key"] = Convert.ToBase64String(keys[i].Key);
        }

        return settings;
    }

    /// <summary>What the command reads: the silo's settings (storage, broker, keys), as a job would get them.</summary>
    private static Dictionary<string, string?> CommandSettings(string db, string kafka, string store, params (string Id, byte[] Key)[] keys)
    {
        var settings = Testing.EmbeddedGrid.Overrides(store, Keys(keys));
        settings["Recsys:Storage:Provider"] = "postgres";
        settings["Recsys:Storage:ConnectionString"] = db;
        settings["Recsys:Kafka:BootstrapServers"] = kafka;
        settings["Recsys:Demo:TrainAtStart"] = "false";
        return settings;
    }

    /// <summary>Every feature name of the catalogue the silo runs with.</summary>
    private static IEnumerable<string> FeatureNames()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(RecsysHost.FindConfigDirectory(), "features.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return catalog.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
    }

    private static EncryptionOptions Options(params (string Id, byte[] Key)[] keys) => new()
    {
        Keys = keys.Select(k => new EncryptionKeyOptions { Id = k.Id, Key = Convert.ToBase64String(k.Key) }).ToList(),
    };

    private static string Item(long ts) => ItemPrefix + (ts % 40);

    private static void Produce(IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events, int offset)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            producer.Produce(Topics.Interactions, new Message<string, byte[]>
            {
                Key = e.User,
                Value = JsonSerializer.SerializeToUtf8Bytes(new { eventId = $"atrest-{offset + i}", userId = e.User, itemId = Item(e.Ts), type = e.Type, ts = e.Ts, value = e.Value }),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static Task WaitForReference(GridHost host, Dictionary<string, UserReference> reference) =>
        TestInfra.WaitUntil(() => UserReference.AllMatchAsync(host.Grains, reference), TimeSpan.FromSeconds(90), $"{reference.Count} users to equal the reference");
}
