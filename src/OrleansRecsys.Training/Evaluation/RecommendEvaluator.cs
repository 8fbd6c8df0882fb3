using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// Recommend measured offline. History before the test time builds feature state and co-visitation; every first
/// positive of a user on an item after it is a case, taken at its moment (<see cref="PositiveMoments"/>), as in
/// <see cref="OfflineEvaluator"/>. At that moment recommend's candidates come from the grid's own
/// <see cref="CandidateGenerator"/> over the replayed state, a ranker orders them, and the top K is a hit when it holds
/// the positive; the baseline is the K most popular items at the same moment.
/// </summary>
public static class RecommendEvaluator
{
    public static RecommendReport Run(EventHistory history, CandidateRules rules, IRankingScorer ranker, EvaluationOptions options, IProgress<string>? progress = null)
    {
        var catalog = rules.Catalog;
        if (!catalog.TryGet(PopularityScorer.FeatureName, out var popularity))
        {
            throw new CatalogException($"the popularity baseline reads '{PopularityScorer.FeatureName}', which the catalogue does not define");
        }

        var replay = new HistoryReplay(catalog, rules);
        var cases = new Cases(new CandidateGenerator(rules), replay, ranker, popularity, options.K);
        var moments = PositiveMoments.Find(history, options.Positives.ToDictionary(type => type, _ => 1.0), options.Window);
        var evaluated = new HashSet<(string User, string Item)>();
        for (var n = 0; n < history.Events.Count; n++)
        {
            var e = history.Events[n];
            if (e.Interaction is { } moment && moment.TsMs >= options.TestFromMs && moments.ContainsKey(n) && evaluated.Add((moment.UserId, moment.ItemId)))
            {
                cases.Score(moment);
            }

            replay.Apply(e);
            if ((n + 1) % 100_000 == 0)
            {
                progress?.Report($"replayed {n + 1}/{history.Events.Count} events, {cases.Count} cases");
            }
        }

        progress?.Report($"{cases.Count} held-out cases");
        return cases.Report(DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, options.TestFromMs)));
    }

    /// <summary>Scores each case for recommend and popularity and keeps the per-case hits.</summary>
    private sealed class Cases(CandidateGenerator generator, HistoryReplay replay, IRankingScorer ranker, FeatureDefinition popularity, int k)
    {
        private readonly List<double> _recommend = [];
        private readonly List<double> _popular = [];
        private readonly List<double> _recall = [];
        private readonly HashSet<string> _users = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _hitsBySource = new(StringComparer.Ordinal);
        private long _candidates;

        public int Count => _recommend.Count;

        public void Score(Interaction moment)
        {
            var sources = new ReplayCandidateSources(replay, popularity, moment.TsMs);
            var candidates = generator.GenerateAsync(replay.User(moment.UserId), [], sources).AsTask().GetAwaiter().GetResult();
            var hit = TopK(moment, candidates).FirstOrDefault(c => c.ItemId == moment.ItemId);
            _recommend.Add(hit.ItemId is null ? 0 : 1);
            if (hit.ItemId is not null)
            {
                _hitsBySource[hit.Source] = _hitsBySource.GetValueOrDefault(hit.Source) + 1;
            }

            var popular = sources.PopularAsync(PopularityKeys.Global, k).AsTask().GetAwaiter().GetResult();
            _popular.Add(popular.Any(entry => entry.ItemId == moment.ItemId) ? 1 : 0);
            _recall.Add(candidates.Any(c => c.ItemId == moment.ItemId) ? 1 : 0);
            _candidates += candidates.Length;
            _users.Add(moment.UserId);
        }

        /// <summary>The K candidates the ranker scores highest (ties keep the candidates' order, as rank does).</summary>
        private IEnumerable<Candidate> TopK(Interaction moment, Candidate[] candidates)
        {
            if (candidates.Length == 0)
            {
                return [];
            }

            var ids = Array.ConvertAll(candidates, c => c.ItemId);
            var scores = new float[ids.Length];
            ranker.Score(replay, moment.UserId, ids, moment.TsMs, scores);
            return Enumerable.Range(0, ids.Length).OrderByDescending(i => scores[i]).Take(k).Select(i => candidates[i]);
        }

        public RecommendReport Report(DateTimeOffset testFrom) => new(k, testFrom, Count, _users.Count, ranker.Name,
            MeanInterval.Of(_recommend), MeanInterval.Of(_popular), MeanInterval.Paired(_recommend, _popular), MeanInterval.Of(_recall),
            Count == 0 ? 0 : (double)_candidates / Count, _hitsBySource);
    }
}
