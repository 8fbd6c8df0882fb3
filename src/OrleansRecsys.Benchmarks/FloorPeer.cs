using OrleansRecsys.Inference;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// The floor: features already in process memory (one dictionary of user vectors, one of item vectors), rows assembled by
/// copying, and the same ONNX model. User columns come from the user's entry; item and user×item columns from the item's
/// entry, materialised ahead of time against one user, so the floor skips work a real service must do per request (cross
/// features, freshness, routing): a lower bound, not a competitor.
/// </summary>
public sealed class FloorPeer : IDisposable
{
    private readonly Dictionary<string, float[]> _users;
    private readonly Dictionary<string, float[]> _items;
    private readonly int[] _userColumns;
    private readonly OnnxScorer _scorer;
    private readonly int _width;

    private FloorPeer(Dictionary<string, float[]> users, Dictionary<string, float[]> items, int[] userColumns, OnnxScorer scorer, int width)
    {
        _users = users;
        _items = items;
        _userColumns = userColumns;
        _scorer = scorer;
        _width = width;
    }

    /// <summary>Reads every seeded user's and item's vector from the grid (the rows it would score) into dictionaries.</summary>
    public static async Task<FloorPeer> FromGridAsync(GridUnderTest grid, byte[] onnx, ModelManifest manifest, int users, int items)
    {
        var ranking = grid.Grains.GetGrain<IRankingGrain>(0);
        var itemIds = Enumerable.Range(0, items).Select(i => "i" + i).ToArray();
        var itemRows = await ranking.GetVectorsAsync(new VectorsRequest("u0", itemIds, ModelNames.Default));
        var itemVectors = itemRows.Rows.ToDictionary(r => r.ItemId, r => r.Values, StringComparer.Ordinal);
        var userColumns = itemRows.FeatureNames.Select((name, i) => (name, i)).Where(f => f.name.StartsWith("user_", StringComparison.Ordinal))
            .Select(f => f.i).ToArray();
        var userVectors = new Dictionary<string, float[]>(users, StringComparer.Ordinal);
        for (var u = 0; u < users; u++)
        {
            var row = await ranking.GetVectorsAsync(new VectorsRequest("u" + u, [itemIds[0]], ModelNames.Default));
            userVectors["u" + u] = row.Rows[0].Values;
        }

        var scorer = OnnxScorer.Load(onnx, manifest.InputName, manifest.OutputName, manifest.Features.Length);
        return new FloorPeer(userVectors, itemVectors, userColumns, scorer, manifest.Features.Length);
    }

    /// <summary>One ranking: two dictionary lookups per row, copies, one ONNX run.</summary>
    public ValueTask<float[]> Rank(string userId, string[] candidates)
    {
        var user = _users[userId];
        var rows = new float[candidates.Length * _width];
        for (var i = 0; i < candidates.Length; i++)
        {
            var row = rows.AsSpan(i * _width, _width);
            _items[candidates[i]].CopyTo(row);
            foreach (var column in _userColumns)
            {
                row[column] = user[column];
            }
        }

        var scores = new float[candidates.Length];
        _scorer.Score(rows, candidates.Length, scores);
        return ValueTask.FromResult(scores);
    }

    public void Dispose() => _scorer.Dispose();
}
