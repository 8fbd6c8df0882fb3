using BenchmarkDotNet.Attributes;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Inference;
using OrleansRecsys.Silo;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>The pure pieces of the hot path, without Orleans: aggregation, vectors for 100 candidates, bare ONNX, bucketing, and the "limit".</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private FeatureEngine _engine = null!;
    private EntityState _user = null!;
    private EntityState[] _items = null!;
    private string[] _ids = null!;
    private VectorBuilder _builder = null!;
    private OnnxScorer _scorer = null!;
    private float[] _rows = null!;
    private float[] _scores = null!;
    private Interaction _event = null!;
    private Dictionary<string, float[]> _itemVectors = null!;
    private float[] _userVector = null!;
    private long _now;
    private int[] _counts = null!;
    private double[] _ages = null!;
    private FeatureDefinition[] _columns = null!;
    private long[] _changed = null!;

    public static FeatureCatalog Catalog() => FeatureCatalog.Load(Path.Combine(RecsysHost.FindConfigDirectory(), "features.json"));

    [GlobalSetup]
    public void Setup()
    {
        var catalog = Catalog();
        _engine = new FeatureEngine(catalog);
        var trained = RankerTrainer.TrainDemo(catalog, new RankerTrainer.Options(), sessions: 1500);
        _builder = VectorBuilder.Create(catalog, trained.Manifest);
        _scorer = OnnxScorer.Load(trained.Onnx, trained.Manifest.InputName, trained.Manifest.OutputName, _builder.Width);
        _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var world = new SyntheticWorld(users: 10, items: 100, seed: 4);
        _items = world.ItemUpserts(_now - 3_600_000).Select(u =>
        {
            var s = new EntityState();
            _engine.ApplyItem(s, u);
            return s;
        }).ToArray();
        _ids = world.Items.Select(i => i.Id).ToArray();
        _user = new EntityState();
        long seq = 0;
        foreach (var e in world.Session(1, _now - 600_000, ref seq).Concat(world.Session(1, _now - 300_000, ref seq)))
        {
            _engine.ApplyUser(_user, e with { Category = "shoes" });
        }

        _rows = new float[100 * _builder.Width];
        _scores = new float[100];
        _event = new Interaction("e", "u1", "i1", InteractionType.Click, _now, 0, null, "shoes");
        _builder.Build(_user, _ids, _items, _now, _rows);
        _itemVectors = _ids.Select((id, i) => (id, _rows.AsSpan(i * _builder.Width, _builder.Width).ToArray())).ToDictionary(x => x.id, x => x.Item2);
        _userVector = _rows.AsSpan(0, _builder.Width).ToArray();
        _counts = new int[3 * _builder.Width];
        _ages = new double[_rows.Length];
        _columns = _builder.FeatureNames.Select(name => catalog.TryGet(name, out var feature) ? feature : throw new InvalidOperationException(name)).ToArray();
        _changed = LastChanges();
    }

    /// <summary>When each value of the 100 rows last changed, as the vector builder reads it alongside the value.</summary>
    private long[] LastChanges()
    {
        _builder.ReadAges(_user, null, _ids, _items, _now, _ages);
        return _ages.Select(age => double.IsNaN(age) ? FeatureReader.Never : _now - (long)(age * 1000)).ToArray();
    }

    [Benchmark(Description = "apply one event to a user (all catalogue aggregations)")]
    public void ApplyEvent() => _engine.ApplyUser(_user, _event);

    [Benchmark(Description = "build vectors, 100 candidates")]
    public void BuildVectors100() => _builder.Build(_user, _ids, _items, _now, _rows);

    /// <summary>The rank path's build: as <see cref="BuildVectors100"/>, counting per input the values served as the fallback
    /// (expired, missing) and those replaced as not finite.</summary>
    [Benchmark(Description = "build vectors, 100 candidates, counting expired/missing/non-finite")]
    public void BuildVectors100Counted()
    {
        var width = _builder.Width;
        var counts = _counts.AsSpan();
        counts.Clear();
        _builder.Build(_user, null, _ids, _items, _now, _rows, counts[..width], counts.Slice(width, width), counts[(2 * width)..]);
    }

    /// <summary>What the TTL adds to a build, alone: each value's status from when it last changed (read with the value
    /// anyway), every column on every row (the builder evaluates user and context columns once per request, so this is
    /// an upper bound).</summary>
    [Benchmark(Description = "status (TTL) of every value, 100 candidates")]
    public int Status100()
    {
        var width = _columns.Length;
        var served = 0;
        for (var i = 0; i < _ids.Length; i++)
        {
            for (var j = 0; j < width; j++)
            {
                if (Freshness.StatusOf(_columns[j], _changed[(i * width) + j], _now) == FeatureStatus.Present)
                {
                    served++;
                }
            }
        }

        return served;
    }

    /// <summary>Each value's age for the staleness histogram, which a sample of requests pays (1 % by default).</summary>
    [Benchmark(Description = "ages of every value, 100 candidates (sampled requests only)")]
    public void ReadAges100() => _builder.ReadAges(_user, null, _ids, _items, _now, _ages);

    [Benchmark(Description = "bare ONNX run, 100 rows")]
    public void BareOnnx100() => _scorer.Score(_rows, 100, _scores);

    [Benchmark(Description = "limit: dictionary lookup + bare ONNX, 100")]
    public void Limit100()
    {
        var width = _builder.Width;
        for (var i = 0; i < _ids.Length; i++)
        {
            var v = _itemVectors[_ids[i]];
            var row = _rows.AsSpan(i * width, width);
            v.CopyTo(row);
            _userVector.AsSpan(0, 5).CopyTo(row);
        }

        _scorer.Score(_rows, 100, _scores);
    }

    [Benchmark(Description = "canary bucket (SHA-256)")]
    public int Bucket() => RolloutMath.Bucket("ranker", "user-123456");
}
