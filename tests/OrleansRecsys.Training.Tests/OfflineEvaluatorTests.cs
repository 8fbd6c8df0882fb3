using OrleansRecsys.Features;
using OrleansRecsys.Training.Evaluation;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Tests;

public sealed class OfflineEvaluatorTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    /// <summary>Gives every candidate the same score.</summary>
    private sealed class ConstantScorer : IRankingScorer
    {
        public string Name => "constant";

        public void Score(HistoryReplay replay, string userId, string[] itemIds, long asOfMs, float[] scores) => Array.Fill(scores, 0.5f);

        public void Dispose()
        {
        }
    }

    /// <summary>Knows the answer: scores 1 for the item of the user's event at the case's moment (the positive's impression).</summary>
    private sealed class OracleScorer(EventHistory history) : IRankingScorer
    {
        public string Name => "oracle";

        public void Score(HistoryReplay replay, string userId, string[] itemIds, long asOfMs, float[] scores)
        {
            for (var i = 0; i < itemIds.Length; i++)
            {
                var id = itemIds[i];
                scores[i] = history.Events.Any(e => e.Interaction is { } x && x.UserId == userId && x.ItemId == id && x.TsMs == asOfMs) ? 1 : 0;
            }
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void A_ranker_that_knows_the_answer_scores_one_and_a_constant_one_scores_nothing_on_the_same_cases()
    {
        var world = new SyntheticWorld(users: 40, items: 60, seed: 4);
        var history = EventHistory.FromEvents(SyntheticHistory.Generate(world, 1_700_000_000_000, 2_000));
        var options = new EvaluationOptions(history.TimeAtFraction(0.8), K: 5, Negatives: 20);

        var report = OfflineEvaluator.Run(history, Catalog, [new ConstantScorer(), new OracleScorer(history), new PopularityScorer(Catalog)], options);

        Assert.True(report.Cases > 20, $"only {report.Cases} cases");
        Assert.Equal(0, report.Results[0].HitRate.Mean); // ties rank against the positive
        Assert.Equal(0.5, report.Results[0].Auc.Mean, 12);
        Assert.Equal(1, report.Results[1].HitRate.Mean);
        Assert.Equal(1, report.Results[1].Ndcg.Mean);
        Assert.Equal(1, report.Differences[0].HitRate.Mean);
        Assert.Equal("constant", report.Differences[0].Reference);
        Assert.InRange(report.Results[2].Auc.Mean, 0.5, 1);
    }
}
