using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Training.Evaluation;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Tests;

/// <summary>
/// Recommend against popularity top-10 on a scaled-down synthetic world (fixed seeds): the grid's candidate generator
/// over replayed state, ranked by the project's trainer's model, as <c>recsysctl evaluate --recommend</c> measures it.
/// </summary>
public sealed class RecommendEvaluatorTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    [Fact]
    public async Task Recommends_hit_rate_at_10_is_at_least_popularity_top_10s_on_the_synthetic_world()
    {
        var world = new SyntheticWorld(users: 300, items: 200, seed: 7);
        var history = EventHistory.FromEvents(SyntheticHistory.Generate(world, 1_700_000_000_000, 12_000));
        var directory = Path.Combine(Path.GetTempPath(), "recsys-recommend-eval-" + Guid.NewGuid().ToString("N"));
        await RankerTrainer.WriteAsync(RankerTrainer.TrainDemo(Catalog, new RankerTrainer.Options(Seed: 3), sessions: 400), directory);
        try
        {
            using var ranker = OnnxVersionScorer.Load("ranker@v1", directory, Catalog);
            var rules = new CandidateRules(Catalog, new CandidateOptions());

            var report = RecommendEvaluator.Run(history, rules, ranker, new EvaluationOptions(history.TimeAtFraction(0.8)));

            Assert.True(report.Cases >= 200, $"only {report.Cases} cases");
            Assert.True(report.Recommend.Mean >= report.Popularity.Mean,
                $"recommend HR@10 {report.Recommend.Mean:0.000} < popularity {report.Popularity.Mean:0.000}");
            Assert.True(report.HitsBySource.GetValueOrDefault(CandidateSources.CoVisitation) > 0, "no hit came from co-visitation");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_replay_counts_co_visits_only_when_given_the_candidate_rules()
    {
        var history = EventHistory.FromEvents(SyntheticHistory.Generate(new SyntheticWorld(users: 20, items: 30, seed: 2), 1_700_000_000_000, 300));
        var withRules = new HistoryReplay(Catalog, new CandidateRules(Catalog, new CandidateOptions()));
        var without = new HistoryReplay(Catalog);
        foreach (var e in history.Events)
        {
            withRules.Apply(e);
            without.Apply(e);
        }

        Assert.Contains(withRules.KnownItems, id => withRules.Item(id).CoVisits is { Total: > 0 });
        Assert.DoesNotContain(without.KnownItems, id => without.Item(id).CoVisits is not null);
    }
}
