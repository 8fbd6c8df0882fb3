using BenchmarkDotNet.Attributes;
using Orleans.Concurrency;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.Benchmarks;

/// <summary>Scoring through the model-version grain against the bare session, and a whole rank, inside a running silo.</summary>
[MemoryDiagnoser]
public class GrainBenchmarks
{
    private GridUnderTest _grid = null!;
    private IModelVersionGrain _version = null!;
    private IRankingGrain _ranking = null!;
    private OnnxScorer _bare = null!;
    private float[] _rows = null!;
    private float[] _scores = null!;
    private string[] _candidates = null!;

    [Params(1, 100, 1000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _grid = GridUnderTest.StartAsync().GetAwaiter().GetResult();
        _grid.SeedAsync(1000).GetAwaiter().GetResult();
        _version = _grid.Grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(ModelNames.Default, "v1").ToString());
        _ranking = _grid.Grains.GetGrain<IRankingGrain>(0);
        var loaded = _grid.Services.GetRequiredService<ModelSessionCache>().GetAsync("ranker", "v1").GetAwaiter().GetResult().Model!;
        var store = _grid.Services.GetRequiredService<ModelStore>();
        _bare = OnnxScorer.Load(store.Load(loaded.Manifest.Sha256), loaded.Manifest.InputName, loaded.Manifest.OutputName, loaded.Builder.Width);
        _rows = new float[Rows * loaded.Builder.Width];
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = i % 11;
        }

        _scores = new float[Rows];
        _candidates = Enumerable.Range(0, 100).Select(i => "i" + (i * 5)).ToArray();
        _ranking.RankAsync(new RankRequest("u1", _candidates, 10, "ranker")).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _grid.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "bare ONNX Runtime session")]
    public void Bare() => _bare.Score(_rows, Rows, _scores);

    [Benchmark(Description = "through ModelVersionGrain")]
    public async Task<ScoreResult> ViaGrain() => await _version.ScoreAsync(new Immutable<float[]>(_rows), Rows);

    [Benchmark(Description = "rank 100 candidates (RankingGrain)")]
    public async Task<RankResponse> Rank100() => await _ranking.RankAsync(new RankRequest("u" + (Environment.TickCount & 1023), _candidates, 10, "ranker"));
}
