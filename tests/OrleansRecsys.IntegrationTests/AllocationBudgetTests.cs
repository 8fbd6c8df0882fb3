using System.Net.Sockets;
using System.Text;
using OrleansRecsys.Kafka;
using Xunit.Abstractions;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Allocation budgets of the rank path, with monitoring at its defaults (prediction log for every request, drift
/// sampling, vector logging for a sample): a rank of 100 candidates inside the grid, and a rank over HTTP (JWT, JSON).
/// <para>
/// How the figure is kept deterministic: the path hops threads (grain turns, Kafka's produce loop), so the process-wide
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise) is read around many sequential calls on a silo of the test's own,
/// with nothing else running (this assembly runs its tests one at a time). Sampled work (vectors, drift) averages out over
/// a round of <see cref="Calls"/> calls; background work that is not the request's (the serving-stats flush every
/// second, membership, metrics) adds to some rounds, so the smallest of <see cref="Rounds"/> rounds is the figure. The
/// HTTP client is a raw socket sending one pre-built request into a reused buffer, so the client side adds next to nothing.
/// </para>
/// </summary>
public sealed class AllocationBudgetTests(AllocationBudgetTests.Grid grid, ITestOutputHelper output) : IClassFixture<AllocationBudgetTests.Grid>
{
    /// <summary>Bytes allocated by one rank of 100 candidates through the ranking grain (user grain, item replica, vectors,
    /// scoring grain, metrics, drift sampling, data-quality counts, request id, prediction log record). A gate at today's
    /// figure with about 10 % of headroom (7.0-7.8 KB over runs on its own branch, 8,805 bytes in a full run once data
    /// quality, arms and candidate sources joined it, where other tests share the process; 9.3 KB before the cuts), not yet the design's 2 KB: see docs/benchmarks.md.</summary>
    public const int GrainRankBudget = 10 * 1024;

    /// <summary>Bytes allocated by one HTTP rank of 100 candidates, server side (Kestrel, JWT, JSON both ways, the grid). A
    /// gate at today's figure with about 10 % of headroom (15.1-15.5 KB over runs once an accepted token authenticates and
    /// authorizes from memory; 19.9-20.4 KB before, 36 KB before that), not yet the design's 8 KB.</summary>
    public const int HttpRankBudget = 17 * 1024;

    private const int Calls = 1000;
    private const int Rounds = 5;

    [Fact]
    public async Task A_rank_of_100_candidates_inside_the_grid_stays_within_its_allocation_budget()
    {
        var ranking = grid.Host.Grains.GetGrain<IRankingGrain>(0);
        var requests = Enumerable.Range(0, 8).Select(u => new RankRequest(Grid.User(u), grid.Candidates, 10, ModelNames.Default)).ToArray();
        var first = await ranking.RankAsync(requests[0]);
        Assert.False(first.Fallback, $"the model must answer, not the baseline ({first.FallbackReason})");

        var next = 0;
        var bytes = await BytesPerCallAsync(async () => await ranking.RankAsync(requests[next++ % requests.Length]));
        output.WriteLine($"rank inside the grid: {bytes:F0} bytes per request");
        Assert.True(bytes <= GrainRankBudget, $"a rank inside the grid allocated {bytes:F0} bytes, over its budget of {GrainRankBudget}");
    }

    [Fact]
    public async Task An_http_rank_of_100_candidates_stays_within_its_allocation_budget()
    {
        var uri = new Uri(grid.Host.Url);
        var body = $$"""{"userId":"{{Grid.User(1)}}","candidates":[{{string.Join(",", grid.Candidates.Select(c => $"\"{c}\""))}}],"k":10}""";
        var request = Encoding.ASCII.GetBytes($"POST /v1/rank HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {TestInfra.Token(Roles.Score)}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", uri.Port);
        var buffer = new byte[64 * 1024];
        var firstLength = await ExchangeAsync(socket, request, buffer);
        var first = Encoding.UTF8.GetString(buffer, 0, firstLength);
        Assert.StartsWith("HTTP/1.1 200", first);
        Assert.Contains("\"fallback\":false", first);

        var bytes = await BytesPerCallAsync(() => ExchangeAsync(socket, request, buffer));
        output.WriteLine($"HTTP rank: {bytes:F0} bytes per request");
        Assert.True(bytes <= HttpRankBudget, $"an HTTP rank allocated {bytes:F0} bytes, over its budget of {HttpRankBudget}");
    }

    /// <summary>Bytes per call: warmed up first (tiered JIT, pools, caches), then the smallest average of the rounds.</summary>
    private static async Task<double> BytesPerCallAsync(Func<Task> call)
    {
        for (var i = 0; i < Calls; i++)
        {
            await call();
        }

        var smallest = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Calls; i++)
            {
                await call();
            }

            smallest = Math.Min(smallest, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Calls);
        }

        return smallest;
    }

    /// <summary>Sends the request and reads the whole response (chunked: it ends with the empty last chunk); answers its length.</summary>
    private static async Task<int> ExchangeAsync(Socket socket, byte[] request, byte[] buffer)
    {
        await socket.SendAsync(request, SocketFlags.None);
        var length = 0;
        while (!EndsWithLastChunk(buffer.AsSpan(0, length)))
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            Assert.True(read > 0, "the server closed the connection");
            length += read;
        }

        return length;
    }

    private static bool EndsWithLastChunk(ReadOnlySpan<byte> response) => response.EndsWith("\r\n0\r\n\r\n"u8);

    /// <summary>A silo of its own (memory storage, mock Kafka, the demo ranker) with monitoring at the grid's defaults,
    /// 8 users with a history and 100 items with features.</summary>
    public sealed class Grid : IAsyncLifetime
    {
        private IDisposable? _kafka;
        private string _store = "";

        public GridHost Host { get; private set; } = null!;
        public string[] Candidates { get; } = Enumerable.Range(0, 100).Select(i => "alloc-i" + i).ToArray();

        public static string User(int u) => "alloc-u" + u;

        public async Task InitializeAsync()
        {
            (var holder, var kafka) = MockKafkaCluster.Start();
            _kafka = holder;
            _store = Directory.CreateTempSubdirectory("recsys-alloc-").FullName;
            Host = await GridHost.StartAsync(kafka, null, "alloc", _store, extra: new Dictionary<string, string?>
            {
                ["Recsys:Grid:DeadlineMs"] = "2000",
                ["Recsys:Grid:DriftSampleRate"] = "0.2",
                ["Recsys:Grid:PredictionSampleRate"] = "1",
                ["Recsys:Grid:PredictionVectorSampleRate"] = "0.1",
            });
            await SeedAsync();
        }

        private async Task SeedAsync()
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var categories = new[] { "shoes", "books", "games" };
            await Task.WhenAll(Candidates.Select((id, i) => Host.Grains.GetGrain<IItemFeatureStateGrain>(id)
                .ApplyAsync(new ApplyBatch([new SourcedEvent("alloc/0", i, null, new ItemUpsert(id, categories[i % 3], 10 + i, [], now - 60_000))], [])).AsTask()));
            for (var u = 0; u < 8; u++)
            {
                var events = Enumerable.Range(0, 20).Select(e => new SourcedEvent("alloc/1", (u * 100) + e,
                    new Interaction($"alloc-e{u}-{e}", User(u), Candidates[(u * 7 + e * 3) % 100], e % 5 == 0 ? InteractionType.Purchase : InteractionType.Click,
                        now - 50_000 + (e * 1000), e % 5 == 0 ? 20 : 0, null, categories[e % 3]), null)).ToArray();
                await Host.Grains.GetGrain<IUserFeatureStateGrain>(User(u)).ApplyAsync(new ApplyBatch(events, []));
            }

            await TestInfra.WaitUntil(async () => !(await Host.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest(User(0), Candidates, 10, ModelNames.Default))).Fallback,
                TimeSpan.FromSeconds(60), "the demo ranker to serve");
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            _kafka?.Dispose();
            Directory.Delete(_store, true);
        }
    }
}
