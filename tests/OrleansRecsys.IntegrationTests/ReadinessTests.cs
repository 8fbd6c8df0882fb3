using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Client;
using OrleansRecsys.Inference;
using OrleansRecsys.Testing;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Ready means warm, on silo processes of one cluster: a fresh silo answers <c>/health/ready</c> 200 only once its
/// consumer holds its partitions and every version of the rollout plan is loaded and warmed there, and a new canary is
/// warmed on every silo before traffic reaches it. The canary is a model that loads slowly but scores fast, and
/// requests carry a deadline shorter than its load, so a version loaded by its first request shows as a fallback.
/// </summary>
public sealed class ReadinessTests(ITestOutputHelper output)
{
    /// <summary>Identity nodes in the slow canary: enough that loading it takes clearly longer than <see cref="FirstRankDeadlineMs"/>.</summary>
    private const int SlowIdentities = 150_000;

    /// <summary>The deadline of requests to a running silo (test 2).</summary>
    private const int DeadlineMs = 250;

    /// <summary>The deadline of a fresh silo's first rank: it still activates grains and reads storage for a new user
    /// and new items (the HTTP and token paths are cold too), but must not load a model.</summary>
    private const int FirstRankDeadlineMs = 1000;
    private const int CanaryAnswers = 20;
    private static readonly string[] Candidates = ["it1", "it2", "it3", "it4", "it5", "it6", "it7", "it8"];

    [Fact]
    public async Task A_fresh_silo_is_ready_only_with_its_partitions_and_warm_versions_and_its_first_rank_is_served_by_the_model()
    {
        AssertSlowCanaryLoadsSlowerThanTheDeadline();
        await TestInfra.WithOwnKafkaAsync("ready", async (kafka, store) =>
        {
            var env = await EnvironmentAsync(kafka, store);
            using var first = await StartFirstSiloAsync(env);
            using (var admin = Client(first, Roles.Admin))
            {
                await SetSlowCanaryAsync(admin, "slow-canary");
            }

            using var fresh = SiloProcess.Start(env);
            var (readyAt, notReady) = await WaitForFirstReadyAsync(fresh);
            var sessions = await ModelSessionsAsync(fresh);
            var started = Stopwatch.GetTimestamp();
            var rank = await RankAsync(fresh, "fresh-user", FirstRankDeadlineMs);
            var firstRankMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            output.WriteLine($"first rank after ready: {firstRankMs:F1} ms; 503 answers before ready: {notReady.Count} ({string.Join(" | ", notReady.Distinct())})");

            Assert.Equal(2, sessions); // stable and canary, loaded before the first 200
            Assert.False(rank.GetProperty("fallback").GetBoolean(), "the first rank after ready fell back: " + rank);
            Assert.Equal(("canary", "slow-canary"), (rank.GetProperty("variant").GetString(), rank.GetProperty("version").GetString()));
            Assert.True(await AssignedAtAsync(fresh) <= readyAt, "ready answered 200 before the consumer group assigned the silo's partitions");
        });
    }

    [Fact]
    public async Task A_new_canary_is_warm_on_every_silo_before_its_first_requests_and_they_are_served_by_it()
    {
        AssertSlowCanaryLoadsSlowerThanTheDeadline();
        await TestInfra.WithOwnKafkaAsync("canary-warm", async (kafka, store) =>
        {
            var env = await EnvironmentAsync(kafka, store);
            using var first = await StartFirstSiloAsync(env);
            using var second = SiloProcess.Start(env);
            await SiloProcesses.WaitReadyAsync(second);
            foreach (var silo in new[] { first, second })
            {
                // A running silo's request path (HTTP, token, grains) is warm; what is new is only the canary.
                for (var i = 0; i < 20; i++)
                {
                    Assert.False((await RankAsync(silo, "before-" + i, FirstRankDeadlineMs)).GetProperty("fallback").GetBoolean());
                }
            }

            using (var admin = Client(first, Roles.Admin))
            {
                await SetSlowCanaryAsync(admin, "new-canary");
            }

            var answers = await Task.WhenAll(FirstCanaryAnswersAsync(first), FirstCanaryAnswersAsync(second));
            var silos = new[] { ("first", answers[0].All, answers[0].Canary), ("second", answers[1].All, answers[1].Canary) };
            foreach (var (silo, all, canary) in silos)
            {
                var ms = canary.Select(c => c.Ms).Order().ToArray();
                output.WriteLine($"{silo} silo: {all.Count} answers until {CanaryAnswers} from the canary; canary latency p50 {ms[ms.Length / 2]:F1} ms, max {ms[^1]:F1} ms; first: {canary[0].Ms:F1} ms");
            }

            foreach (var (silo, all, canary) in silos)
            {
                Assert.All(all, a => Assert.False(a.Body.GetProperty("fallback").GetBoolean(), $"{silo} silo fell back: {a.Body}"));
                Assert.All(canary, a => Assert.Equal("new-canary", a.Body.GetProperty("version").GetString()));
            }
        });
    }

    /// <summary>The test's premise: loading the canary takes longer than a request may (else a cold canary would not show).</summary>
    private void AssertSlowCanaryLoadsSlowerThanTheDeadline()
    {
        var (onnx, manifest) = TestModels.SlowToLoad("probe", SlowIdentities);
        var started = Stopwatch.GetTimestamp();
        using var scorer = OnnxScorer.Load(onnx, manifest.InputName, manifest.OutputName, manifest.Features.Length);
        var loadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var scores = new float[Candidates.Length];
        scorer.Score(new float[Candidates.Length * scorer.Width], Candidates.Length, scores);
        scorer.Score(new float[Candidates.Length * scorer.Width], Candidates.Length, scores);
        var scoreMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / 2;
        output.WriteLine($"slow canary: load {loadMs:F0} ms, score {scoreMs:F2} ms");
        Assert.True(loadMs > FirstRankDeadlineMs, $"the slow canary loads in {loadMs:F0} ms, not slower than the {FirstRankDeadlineMs} ms deadline");
        Assert.True(scoreMs < DeadlineMs / 10.0, $"the slow canary scores in {scoreMs:F1} ms");
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(string kafka, string store)
    {
        var env = SiloProcess.ClusterEnvironment(await TestInfra.CreateDatabaseAsync(), kafka, store, "ready-" + Guid.NewGuid().ToString("N")[..6], TestInfra.SigningKey);
        env["Logging__LogLevel__OrleansRecsys.Ingestion.IngestionService"] = "Information";
        return env;
    }

    private static async Task<SiloProcess> StartFirstSiloAsync(Dictionary<string, string> env)
    {
        var silo = SiloProcess.Start(env);
        await TestInfra.RegisterFirstRankerAsync(silo.Url);
        await SiloProcesses.WaitReadyAsync(silo);
        return silo;
    }

    /// <summary>Registers a slow-to-load version and routes every user to it as the canary.</summary>
    private static async Task SetSlowCanaryAsync(HttpClient admin, string version)
    {
        var (onnx, manifest) = TestModels.SlowToLoad(version, SlowIdentities);
        var registered = await admin.PostAsync("/v1/models/ranker/versions", TestModels.Upload(onnx, manifest));
        Assert.True(registered.IsSuccessStatusCode, $"registering {version}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        var revision = (await (await admin.GetAsync("/v1/models/ranker/rollout")).Json()).GetProperty("revision").GetInt64();
        var set = await admin.PutAsJsonAsync("/v1/models/ranker/rollout", new { canary = version, canaryPercent = 100, revision, reason = "warm-up test" });
        Assert.True(set.IsSuccessStatusCode, $"setting canary {version}: {(int)set.StatusCode} {await set.Content.ReadAsStringAsync()}");
    }

    /// <summary>Polls the anonymous readiness answer until 200: when it came, and the failing checks of each 503 before.</summary>
    private static async Task<(DateTime At, List<string> NotReady)> WaitForFirstReadyAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(10) };
        var notReady = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(silo.Exited, "the silo process exited:\n" + silo.Log);
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync("/health/ready");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
                continue;
            }

            var body = await response.Json();
            Assert.False(body.TryGetProperty("checks", out _), "an anonymous readiness answer carries details: " + body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (DateTime.Now, notReady);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            notReady.Add(string.Join(",", body.GetProperty("failing").EnumerateArray().Select(f => f.GetString())));
            await Task.Delay(20);
        }

        Assert.Fail("the fresh silo never became ready:\n" + silo.Log);
        return default;
    }

    /// <summary>The silo's <c>recsys_model_sessions</c> gauge: versions with a loaded session.</summary>
    private static async Task<long> ModelSessionsAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("recsys_model_sessions", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>When the silo logged its first assignment (the console log's local-time stamp), waiting for the line.</summary>
    private static async Task<DateTime> AssignedAtAsync(SiloProcess silo)
    {
        string? line = null;
        await TestInfra.WaitUntil(() =>
        {
            line = silo.Log.Split('\n').FirstOrDefault(l => l.Contains("Partitions assigned", StringComparison.Ordinal));
            return Task.FromResult(line is not null);
        }, TimeSpan.FromSeconds(30), "the silo to log its partition assignment");
        var stamp = TimeOnly.ParseExact(line![..12], "HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return DateTime.Today.Add(stamp.ToTimeSpan());
    }

    private static async Task<JsonElement> RankAsync(SiloProcess silo, string user, int deadlineMs = DeadlineMs)
    {
        using var http = Client(silo, Roles.Score);
        var response = await http.PostAsJsonAsync("/v1/rank", new { userId = user, candidates = Candidates, deadlineMs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>Ranks on one silo until <see cref="CanaryAnswers"/> answers come from the canary: every answer, and the canary's with their latency.</summary>
    private static async Task<(List<(JsonElement Body, double Ms)> All, List<(JsonElement Body, double Ms)> Canary)> FirstCanaryAnswersAsync(SiloProcess silo)
    {
        var all = new List<(JsonElement Body, double Ms)>();
        var canary = new List<(JsonElement Body, double Ms)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        for (var i = 0; canary.Count < CanaryAnswers && DateTime.UtcNow < deadline; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var body = await RankAsync(silo, "canary-user-" + i);
            var answer = (body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            all.Add(answer);
            if (body.GetProperty("variant").GetString() == "canary")
            {
                canary.Add(answer);
            }
        }

        Assert.True(canary.Count == CanaryAnswers, $"only {canary.Count} canary answers from {silo.Url} within 60 s");
        return (all, canary);
    }

    private static HttpClient Client(SiloProcess silo, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(roles));
        return client;
    }
}
