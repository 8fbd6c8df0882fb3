using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// What an explanation costs: the same open-loop rank load with <c>explain</c> off and on, in alternating rounds so
/// both see the same machine, through HTTP (the default) or straight to the ranking grain. The figure is the
/// difference of the p50s; an explained request also scores k × (1 + features) occlusion rows in one model run.
/// </summary>
public static class ExplainBench
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 10_000), (int)o.Num("candidates", 100));
        await using var grid = setup.Grid;
        var k = (int)o.Num("k", 10);
        var via = o.Get("via", "http");
        var plain = Transport(setup, via, k, explain: false);
        var explained = Transport(setup, via, k, explain: true);
        for (var i = 0; i < 2000; i++)
        {
            await plain(i);
            await explained(i);
        }

        var (rate, seconds) = (o.Num("rate", 200), TimeSpan.FromSeconds(o.Num("seconds", 10)));
        var results = new List<LoadResult>();
        for (var round = 0; round < (int)o.Num("rounds", 2); round++)
        {
            results.Add(await OpenLoop.RunAsync($"rank k={k} via {via}", rate, seconds, plain, Commands.Warmup(o)));
            results.Add(await OpenLoop.RunAsync($"rank k={k} via {via} explain", rate, seconds, explained, Commands.Warmup(o)));
        }

        Console.WriteLine(LoadResult.Header);
        results.ForEach(r => Console.WriteLine(r));
        var overhead = Median(results.Where((_, i) => i % 2 == 1)) - Median(results.Where((_, i) => i % 2 == 0));
        Console.WriteLine($"explain overhead at p50: {overhead:F3} ms (median over rounds of each mode's p50)");
        return 0;
    }

    private static double Median(IEnumerable<LoadResult> runs)
    {
        var p50s = runs.Select(r => r.P50Ms).Order().ToArray();
        return p50s.Length % 2 == 1 ? p50s[p50s.Length / 2] : (p50s[(p50s.Length / 2) - 1] + p50s[p50s.Length / 2]) / 2;
    }

    /// <summary>One rank call (returns whether the answer was a fallback); an explained answer without contributions
    /// counts as an error, so a broken explanation cannot pass for a cheap one.</summary>
    private static Func<long, Task<bool>> Transport(RankLoad.Setup s, string via, int k, bool explain)
    {
        switch (via)
        {
            case "grain":
                var ranking = s.Grid.Grains.GetGrain<IRankingGrain>(0);
                return async i =>
                {
                    var r = await ranking.RankAsync(new RankRequest("u" + (i * 7919 % s.Users), s.CandidateSets[i % 64], k, ModelNames.Default, Explain: explain));
                    return Checked(r.Fallback, explain && !r.Fallback && r.Items.Any(item => item.Contributions is null));
                };
            case "http":
                var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(s.Grid.Url) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s.Grid.Token);
                return async i =>
                {
                    using var response = await http.PostAsJsonAsync("/v1/rank", new { userId = "u" + (i * 7919 % s.Users), candidates = s.CandidateSets[i % 64], k, explain });
                    response.EnsureSuccessStatusCode();
                    using var doc = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                    var fallback = doc.RootElement.GetProperty("fallback").GetBoolean();
                    var unexplained = explain && !fallback && doc.RootElement.GetProperty("items").EnumerateArray().Any(item => !item.TryGetProperty("contributions", out _));
                    return Checked(fallback, unexplained);
                };
            default:
                throw new ArgumentException("--via must be grain or http");
        }
    }

    private static bool Checked(bool fallback, bool unexplained) =>
        unexplained ? throw new InvalidOperationException("an explained rank came back without contributions") : fallback;
}
