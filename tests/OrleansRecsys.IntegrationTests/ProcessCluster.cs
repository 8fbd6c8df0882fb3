using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Silo processes forming one cluster on PostgreSQL membership and storage, with a mock Kafka broker, a database and
/// a model store of their own. The first silo registers ranker@v1, since a cluster-profile silo trains no demo model.
/// Disposing kills every silo still running and removes the broker and the model store.
/// </summary>
internal sealed class ProcessCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _kafkaHolder;
    private readonly Dictionary<string, string> _environment;

    private ProcessCluster(IProducer<byte[], byte[]> kafkaHolder, string kafka, string modelStore, string database, string clusterId,
        IReadOnlyDictionary<string, string>? extra)
    {
        _kafkaHolder = kafkaHolder;
        Kafka = kafka;
        ModelStore = modelStore;
        Database = database;
        ClusterId = clusterId;
        _environment = SiloProcess.ClusterEnvironment(database, kafka, modelStore, clusterId, TestInfra.SigningKey);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    public string Kafka { get; }
    public string ModelStore { get; }
    public string Database { get; }
    public string ClusterId { get; }

    /// <summary>Every silo started, in start order (killed ones stay listed).</summary>
    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Starts <paramref name="silos"/> silos and waits until each is ready; <paramref name="name"/> prefixes the cluster id and the store,
    /// and <paramref name="extra"/> adds to (or overrides) every silo's environment.</summary>
    public static async Task<ProcessCluster> StartAsync(string name, int silos, IReadOnlyDictionary<string, string>? extra = null)
    {
        var database = await TestInfra.CreateDatabaseAsync();
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory($"recsys-{name}-").FullName;
        var cluster = new ProcessCluster(holder, kafka, store, database, name + "-" + Guid.NewGuid().ToString("N")[..6], extra);
        try
        {
            var first = cluster.Start();
            await TestInfra.RegisterFirstRankerAsync(first.Url);
            await SiloProcesses.WaitReadyAsync(first);
            var others = Enumerable.Range(1, silos - 1).Select(_ => cluster.Start()).ToList();
            foreach (var silo in others)
            {
                await SiloProcesses.WaitReadyAsync(silo);
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Starts one more silo of this cluster and waits until it is ready.</summary>
    public async Task<SiloProcess> AddSiloAsync()
    {
        var silo = Start();
        await SiloProcesses.WaitReadyAsync(silo);
        return silo;
    }

    /// <summary>True when every user and item, read through a client of this cluster, equals its reference.</summary>
    public async Task<bool> MatchesReferenceAsync(Dictionary<string, UserReference> users, Dictionary<string, (long Views, long Clicks, long Purchases)> items)
    {
        await using var client = await ClusterClient.StartAsync(Database, ClusterId);
        try
        {
            foreach (var (user, r) in users)
            {
                if (!r.Matches(await client.Client.GetUserFeaturesAsync(user)))
                {
                    return false;
                }
            }

            // Items are fed by every partition, so they also check state lost on a dead silo for other consumers.
            foreach (var (item, r) in items)
            {
                if (!UserReference.ItemMatches(await client.Client.GetItemFeaturesAsync(item), r))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception)
        {
            // A silo that has just died may still be in the client's view; the caller asks again.
            return false;
        }
    }

    /// <summary>Starts a typed client of this cluster.</summary>
    public Task<ClusterClient> StartClientAsync() => ClusterClient.StartAsync(Database, ClusterId);

    /// <summary>How many rows of the membership table have <paramref name="status"/>.</summary>
    public async Task<long> MembersAsync(SiloStatus status)
    {
        await using var conn = new NpgsqlConnection(Database);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = @status", conn);
        count.Parameters.AddWithValue("status", (int)status);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>How many grain-state rows of <paramref name="stateName"/> whose key is <paramref name="key"/> the database holds.</summary>
    public async Task<long> StateRowsAsync(string stateName, string key)
    {
        await using var conn = new NpgsqlConnection(Database);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleans_grain_state WHERE grain_type = $1 AND grain_key_ext = $2", conn);
        count.Parameters.Add(new NpgsqlParameter { Value = stateName });
        count.Parameters.Add(new NpgsqlParameter { Value = key });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        foreach (var silo in Silos)
        {
            silo.Dispose();
        }

        _kafkaHolder.Dispose();
        Directory.Delete(ModelStore, true);
    }

    private SiloProcess Start()
    {
        var silo = SiloProcess.Start(_environment);
        Silos.Add(silo);
        return silo;
    }
}
