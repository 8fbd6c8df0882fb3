using OrleansRecsys.Features;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>The grid's fallback ranking offline: the item popularity feature as of the moment, the same for every user.</summary>
public sealed class PopularityScorer : IRankingScorer
{
    public const string FeatureName = "item_popularity_decay_1h";

    private readonly FeatureDefinition _feature;

    public PopularityScorer(FeatureCatalog catalog, string name = "popularity")
    {
        Name = name;
        _feature = catalog.TryGet(FeatureName, out var feature)
            ? feature
            : throw new CatalogException($"the popularity baseline reads '{FeatureName}', which the catalogue does not define");
    }

    public string Name { get; }

    public void Score(HistoryReplay replay, string userId, string[] itemIds, long asOfMs, float[] scores)
    {
        for (var i = 0; i < itemIds.Length; i++)
        {
            scores[i] = (float)FeatureEngine.ReadNumber(_feature, replay.Item(itemIds[i]), asOfMs);
        }
    }

    public void Dispose()
    {
    }
}
