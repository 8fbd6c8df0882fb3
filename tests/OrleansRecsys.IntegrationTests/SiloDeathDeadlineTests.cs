using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Client;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Two silo processes, a gateway (the HTTP API over an Orleans client, in this process) and the typed client, both
/// connected to both silos. The silo that serves their rank calls (and holds the users' grains, activated from there)
/// hangs (SIGSTOP) and is then killed (SIGKILL) while ranks and recommends keep coming: every answer still comes as a
/// 200 within the deadline plus a loose bound, the calls the failed silo held come back as the caller's fallbacks
/// naming why, and recommend keeps its popularity candidates once the grid serves it from the surviving silo.
/// The hang comes first so that calls are surely in flight on the silo when it dies: a kill alone lands between calls
/// as often as not on a loaded machine, and then no call is left for the caller to fall back on.
/// </summary>
public sealed class SiloDeathDeadlineTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int DeadlineMs = 100;
    private const int Users = 40;
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(DeadlineMs + 1000);
    private static readonly string[] Candidates = Enumerable.Range(0, 50).Select(i => "it" + i).ToArray();
    private static readonly string[] CallerReasons = [FallbackReasons.Deadline, FallbackReasons.SiloUnavailable];

    /// <summary>One answer as the caller saw it; <paramref name="Status"/> is 0 when the typed client threw.</summary>
    private sealed record Answer(string Path, DateTime At, TimeSpan Took, int Status, bool Fallback, string? Reason, string Variant);

    [Fact]
    public async Task Killing_the_silo_that_serves_the_calls_answers_every_rank_by_its_deadline_with_named_fallbacks()
    {
        using var cluster = await ProcessCluster.StartAsync("dl", silos: 2);
        var silos = cluster.Silos;
        var disposables = new List<IAsyncDisposable>();
        try
        {
            var gateway = await GridHost.StartAsync(cluster.Kafka, cluster.Database, "unused", cluster.ModelStore, train: false, new Dictionary<string, string?>
            {
                ["Recsys:Storage:Clustering"] = "postgres",
                ["Recsys:Host:ClusterId"] = cluster.ClusterId,
                ["Recsys:Host:Role"] = "gateway",
            });
            disposables.Add(gateway);
            await FeedPopularityAsync(cluster.Kafka, gateway);
            // Written, so the list outlives whichever silo holds it now.
            await TestInfra.WaitUntil(async () => await cluster.StateRowsAsync(StateNames.Popularity, PopularityKeys.Global) > 0,
                TimeSpan.FromSeconds(60), "the global popularity list in PostgreSQL");
            using var http = gateway.Http(Roles.Score);
            var target = await ServingSiloAsync(silos, () => WarmAsync(http, null));
            var client = await ClientServedByAsync(cluster, target, disposables);
            output.WriteLine($"the gateway's and the client's rank calls are served by silo {silos.IndexOf(target)}; stopping, then killing it");

            var answers = await LoadAcrossTheFailureAsync(http, client, target);
            AssertAnswers(answers.Where(a => a.Path.StartsWith("http", StringComparison.Ordinal)).ToList(), "gateway");
            AssertAnswers(answers.Where(a => a.Path.StartsWith("client", StringComparison.Ordinal)).ToList(), "typed client");
            await AssertRecommendKeepsItsCandidatesAsync(http);
            await Task.Delay(1000); // past the metrics exporter's response cache
            // Every reason's series exists at 0 from the start: some must have counted.
            Assert.Contains((await http.GetStringAsync("/metrics")).Split('\n'),
                l => l.StartsWith("recsys_rank_caller_fallbacks_total{", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var d in Enumerable.Reverse(disposables))
            {
                await d.DisposeAsync();
            }
        }
    }

    /// <summary>Interactions on it0..it49 so the popularity list (and the gateway's snapshot of it) is not empty.</summary>
    private static async Task FeedPopularityAsync(string kafka, GridHost gateway)
    {
        var events = UserReference.Generate("dl-pop-u", 20, 500, seed: 5);
        using (var producer = Interactions.Producer(kafka, lingerMs: 2))
        {
            for (var i = 0; i < events.Count; i++)
            {
                producer.ProduceInteraction($"dl-{i}", events[i]);
            }

            producer.Flush(TimeSpan.FromSeconds(20));
        }

        var keeper = gateway.Services.GetRequiredService<PopularitySnapshotKeeper>();
        await TestInfra.WaitUntil(async () => await keeper.RefreshAsync() && keeper.Current.Count > 0, TimeSpan.FromSeconds(60), "a popularity list");
    }

    /// <summary>Ranks for every user through one path, activating the users' grains on the silo serving it.</summary>
    private static async Task WarmAsync(HttpClient? http, IRecsysClient? client)
    {
        for (var u = 0; u < Users; u++)
        {
            if (client is not null)
            {
                await client.RankAsync("dl-u" + u, Candidates, 5, deadline: TimeSpan.FromSeconds(5));
            }
            else
            {
                (await http!.PostAsJsonAsync("/v1/rank", new { userId = "dl-u" + u, candidates = Candidates, k = 5, deadlineMs = 5000 })).EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>The silo whose rank counter moved by the warm-up: the one the path's calls go to.</summary>
    private static async Task<SiloProcess> ServingSiloAsync(List<SiloProcess> silos, Func<Task> warm)
    {
        var before = await Task.WhenAll(silos.Select(RankCountAsync));
        await warm();
        await Task.Delay(1000); // past the metrics exporter's response cache
        var after = await Task.WhenAll(silos.Select(RankCountAsync));
        var moved = Enumerable.Range(0, silos.Count).Where(i => after[i] - before[i] >= Users).ToList();
        Assert.True(moved.Count == 1, $"rank counters moved by {string.Join(", ", after.Zip(before, (a, b) => a - b))}");
        return silos[moved[0]];
    }

    private static async Task<long> RankCountAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
        long total = 0;
        foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n'))
        {
            if (line.StartsWith("recsys_rank_requests_total", StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                total += (long)double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>
    /// A typed client (PostgreSQL membership: it knows both silos) whose rank calls go to <paramref name="target"/>:
    /// which gateway a client sends a grain's calls to is its own pick, so clients are made until one picks it.
    /// </summary>
    private static async Task<IRecsysClient> ClientServedByAsync(ProcessCluster cluster, SiloProcess target, List<IAsyncDisposable> disposables)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var client = await cluster.StartClientAsync();
            if (await ServingSiloAsync(cluster.Silos, () => WarmAsync(null, client.Client)) == target)
            {
                disposables.Add(client);
                return client.Client;
            }

            await client.DisposeAsync();
        }

        Assert.Fail("no typed client sent its rank calls to the silo the gateway uses");
        return null!;
    }

    /// <summary>
    /// Ranks and recommends from both paths: 2 s before the silo hangs, then until both paths have had a call end as the
    /// caller's fallback while it hangs (calls sent to it then are in flight when it dies), then 8 s after the kill.
    /// </summary>
    private static async Task<List<Answer>> LoadAcrossTheFailureAsync(HttpClient http, IRecsysClient client, SiloProcess target)
    {
        var answers = new List<Answer>();
        using var stop = new CancellationTokenSource();
        var workers = new[] { "http-rank", "http-rank", "http-recommend", "client-rank", "client-rank", "client-recommend" }
            .Select(path => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var answer = await CallAsync(path, http, client, "dl-u" + Random.Shared.Next(Users));
                    lock (answers)
                    {
                        answers.Add(answer);
                    }
                }
            })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        target.Freeze();
        var failedAt = DateTime.UtcNow;
        await TestInfra.WaitUntil(() => Task.FromResult(CallerFallbacksSince(answers, failedAt, "http") && CallerFallbacksSince(answers, failedAt, "client")),
            TimeSpan.FromSeconds(30), "a caller's fallback on each path while the silo hangs");
        target.Kill();
        var killedAt = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return answers.Select(a => a with { Path = a.Path + (a.At >= killedAt ? " killed" : a.At >= failedAt ? " hung" : "") }).ToList();
    }

    private static bool CallerFallbacksSince(List<Answer> answers, DateTime since, string path)
    {
        lock (answers)
        {
            return answers.Any(a => a.At >= since && a.Path.StartsWith(path, StringComparison.Ordinal) && IsCallerFallback(a));
        }
    }

    private static bool IsCallerFallback(Answer a) => a.Fallback && a.Variant == Variants.None && CallerReasons.Contains(a.Reason);

    private static async Task<Answer> CallAsync(string path, HttpClient http, IRecsysClient client, string user)
    {
        var at = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            var deadline = TimeSpan.FromMilliseconds(DeadlineMs);
            if (path.StartsWith("client", StringComparison.Ordinal))
            {
                var r = path.EndsWith("rank", StringComparison.Ordinal)
                    ? await client.RankAsync(user, Candidates, 5, deadline: deadline)
                    : await client.RecommendAsync(user, 5, deadline: deadline);
                return new Answer(path, at, watch.Elapsed, 200, r.Fallback, r.FallbackReason, r.Variant);
            }

            var response = path.EndsWith("rank", StringComparison.Ordinal)
                ? await http.PostAsJsonAsync("/v1/rank", new { userId = user, candidates = Candidates, k = 5, deadlineMs = DeadlineMs })
                : await http.PostAsJsonAsync("/v1/recommend", new { userId = user, k = 5, deadlineMs = DeadlineMs });
            var took = watch.Elapsed;
            if (!response.IsSuccessStatusCode)
            {
                return new Answer(path, at, took, (int)response.StatusCode, false, await response.Content.ReadAsStringAsync(), "");
            }

            var body = await response.Json();
            return new Answer(path, at, took, 200, body.GetProperty("fallback").GetBoolean(), body.GetProperty("fallbackReason").GetString(),
                body.GetProperty("variant").GetString()!);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new Answer(path, at, watch.Elapsed, 0, false, ex.GetType().Name + ": " + ex.Message, "");
        }
    }

    private void AssertAnswers(List<Answer> answers, string what)
    {
        var hung = answers.Where(a => a.Path.EndsWith(" hung", StringComparison.Ordinal)).ToList();
        var killed = answers.Where(a => a.Path.EndsWith(" killed", StringComparison.Ordinal)).ToList();
        var slowest = answers.OrderByDescending(a => a.Took).First();
        output.WriteLine($"{what}: {answers.Count} answers ({hung.Count} while the silo hung, {killed.Count} after the kill); slowest " +
            $"{slowest.Took.TotalMilliseconds:F0} ms ({slowest.Path}); after the kill p99 {Percentile(killed, 0.99):F0} ms, max {Percentile(killed, 1):F0} ms; " +
            $"fallbacks while hung: {Reasons(hung)}; after the kill: {Reasons(killed)}");

        Assert.All(answers, a => Assert.True(a.Status == 200, $"{what}: {a.Path} answered {a.Status}: {a.Reason}"));
        Assert.All(answers, a => Assert.True(a.Took <= Bound, $"{what}: {a.Path} took {a.Took.TotalMilliseconds:F0} ms (deadline {DeadlineMs} ms)"));
        Assert.All(answers.Where(a => a.Fallback), a => Assert.Contains(a.Reason, FallbackReasons.All));
        Assert.Contains(hung, IsCallerFallback);
        Assert.NotEmpty(killed);
        // The popularity list outlived the silo that held it: recommend never runs out of candidates.
        Assert.All(killed, a => Assert.True(a.Reason != FallbackReasons.NoCandidates, $"{what}: {a.Path} answered {a.Reason}"));
    }

    /// <summary>Once the grid itself answers recommend again (from the surviving silo, not the caller's fallback), its
    /// candidates come from the popularity list the dead silo held.</summary>
    private async Task AssertRecommendKeepsItsCandidatesAsync(HttpClient http)
    {
        JsonElement body = default;
        await TestInfra.WaitUntil(async () =>
        {
            var response = await http.PostAsJsonAsync("/v1/recommend", new { userId = "dl-u0", k = 5, deadlineMs = 2000 });
            body = await response.Json();
            return !CallerReasons.Contains(body.GetProperty("fallbackReason").GetString());
        }, TimeSpan.FromSeconds(60), "the grid to answer recommend from the surviving silo");
        output.WriteLine($"recommend from the survivor: {body}");

        Assert.NotEqual(FallbackReasons.NoCandidates, body.GetProperty("fallbackReason").GetString());
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
    }

    private static string Reasons(List<Answer> answers) =>
        string.Join(", ", answers.Where(a => a.Fallback).GroupBy(a => $"{a.Reason}/{a.Variant}").Select(g => $"{g.Key} {g.Count()}"));

    private static double Percentile(List<Answer> answers, double p)
    {
        var sorted = answers.Select(a => a.Took.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
