namespace OrleansRecsys.Ingestion;

/// <summary>The latest popularity of every item applied since the last checkpoint, sent to the popularity grains
/// (global and per category) at the checkpoint. Only the newest value per item matters.</summary>
internal sealed class PendingPopularity
{
    private readonly Dictionary<string, (string? Category, double Score, long AtMs)> _latest = new(StringComparer.Ordinal);

    public void Record(string itemId, string? category, double score, long atMs) => _latest[itemId] = (category, score, atMs);

    /// <summary>Everything recorded, for the global list and per category, and starts afresh.</summary>
    public (PopularityEntry[] Global, Dictionary<string, PopularityEntry[]> ByCategory) Take()
    {
        var global = new PopularityEntry[_latest.Count];
        var byCategory = new Dictionary<string, List<PopularityEntry>>(StringComparer.Ordinal);
        var i = 0;
        foreach (var (itemId, (category, score, atMs)) in _latest)
        {
            var entry = new PopularityEntry(itemId, score, atMs);
            global[i++] = entry;
            if (category is not null)
            {
                if (!byCategory.TryGetValue(category, out var entries))
                {
                    byCategory[category] = entries = [];
                }

                entries.Add(entry);
            }
        }

        _latest.Clear();
        return (global, byCategory.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }
}
