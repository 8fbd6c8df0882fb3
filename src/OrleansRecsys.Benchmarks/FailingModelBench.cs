using System.Net.Http.Headers;
using System.Text.Json;
using OrleansRecsys.Inference;
using OrleansRecsys.Inference.Tests;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>failing-model</c>: registers a model that fails every request, sends it open-loop rank traffic over HTTP, and reports
/// when its circuit opened (the first <c>circuit_open</c> answer), the p99 of its requests before and after, and how its
/// requests ended. The model runs far past the deadline: a real ONNX graph of <c>--hidden</c>² × <c>--layers</c>
/// multiply-adds per row. (A model that fails outright cannot be registered: registration's smoke batch refuses it.)
/// <c>--instances</c> sets the runs of a version that may be in flight per silo (<c>Recsys:Grid:ModelInstances</c>). The
/// traffic comes from a child process (<see cref="ChildLoadGenerator"/>), so the silo's cores and thread pool are its own.
/// </summary>
public static class FailingModelBench
{
    private const string Model = "failing";

    public static async Task<int> RunAsync(LoadOptions o)
    {
        // --instances sets Recsys:Grid:ModelInstances (default: the core count); a large value shows the grid without the bound.
        var settings = o.Num("instances", 0) > 0 ? new Dictionary<string, string?> { ["Recsys:Grid:ModelInstances"] = $"{(int)o.Num("instances", 0)}" } : null;
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 1000), (int)o.Num("candidates", 100), settings);
        await using var grid = setup.Grid;
        using var http = new HttpClient { BaseAddress = new Uri(grid.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grid.Token);
        await RegisterFailingModelAsync(http, (int)o.Num("hidden", 2048), (int)o.Num("layers", 8));

        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 10));
        var rate = o.Num("rate", 200);
        using var child = await ChildLoadGenerator.StartAsync(grid.Url, grid.Token, setup.Users, setup.Candidates, (int)o.Num("connections", 256), Model);
        var samples = await child.OfferAsync(rate, seconds);
        Print(rate, samples);
        return 0;
    }

    private static async Task RegisterFailingModelAsync(HttpClient http, int hidden, int layers)
    {
        var template = RankerTrainer.TrainDemo(HotPathBenchmarks.Catalog(), new RankerTrainer.Options(Model, "template"), sessions: 300).Manifest;
        var onnx = OnnxGraph.SlowToScoreLinear(template.Features.Length, hidden, layers, template.InputName, template.OutputName);
        var manifest = template with { Version = "v1", Sha256 = ModelStore.Sha256Hex(onnx) };
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(onnx), "model", "model.onnx" },
            { new StringContent(JsonSerializer.Serialize(manifest, RankerTrainer.ManifestJson)), "manifest", "manifest.json" },
        };
        using var response = await http.PostAsync($"/v1/models/{Model}/versions", form);
        response.EnsureSuccessStatusCode();
    }

    private static void Print(double rate, IReadOnlyList<OutcomeRecorder.Sample> samples)
    {
        var opened = samples.Where(s => s.Outcome == FallbackReasons.CircuitOpen).Select(s => s.SentMs).DefaultIfEmpty(double.NaN).Min();
        var before = samples.Where(s => double.IsNaN(opened) || s.SentMs < opened).Select(s => s.LatencyMs);
        var after = samples.Where(s => s.SentMs >= opened + 1000).Select(s => s.LatencyMs);
        Console.WriteLine($"failing model at {rate:F0} requests/s: circuit first answered circuit_open {opened / 1000:F2} s into the run");
        Console.WriteLine($"p99 before it opened: {OutcomeRecorder.Quantile(before, 0.99):F2} ms; p99 from 1 s after it opened: {OutcomeRecorder.Quantile(after, 0.99):F2} ms");
        foreach (var group in samples.GroupBy(s => s.Outcome).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key,-14} {group.Count(),7}");
        }
    }
}
