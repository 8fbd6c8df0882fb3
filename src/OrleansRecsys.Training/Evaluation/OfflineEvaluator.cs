using OrleansRecsys.Features;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// Offline evaluation on held-out history. History before the test time builds feature state; every first positive of
/// a user on an item after it is a case: the item and sampled negatives the user had not touched, all scored by every
/// ranker with features as of just before the positive's moment (the impression that led to it, see
/// <see cref="PositiveMoments"/>). The same cases go to every ranker, so differences are paired.
/// </summary>
public static class OfflineEvaluator
{
    public static EvaluationReport Run(EventHistory history, FeatureCatalog catalog, IReadOnlyList<IRankingScorer> scorers, EvaluationOptions options,
        IProgress<string>? progress = null)
    {
        if (scorers.Count == 0)
        {
            throw new ArgumentException("at least one ranker is needed", nameof(scorers));
        }

        var replay = new HistoryReplay(catalog);
        var cases = new CaseCollector(replay, scorers, options);
        var weights = options.Positives.ToDictionary(type => type, _ => 1.0);
        var moments = PositiveMoments.Find(history, weights, options.Window);
        var applied = 0;
        foreach (var e in history.Events)
        {
            if (e.Interaction is { } interaction)
            {
                cases.Consider(interaction, moments.TryGetValue(applied, out var moment) ? moment.Positive : null);
            }

            replay.Apply(e);
            if (++applied % 100_000 == 0)
            {
                progress?.Report($"replayed {applied}/{history.Events.Count} events, {cases.Count} cases");
            }
        }

        progress?.Report($"{cases.Count} held-out cases from {cases.Users} users");
        return cases.Report(DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, options.TestFromMs)));
    }

    /// <summary>Picks the held-out cases, scores them with every ranker and keeps the per-case metrics.</summary>
    private sealed class CaseCollector(HistoryReplay replay, IReadOnlyList<IRankingScorer> scorers, EvaluationOptions options)
    {
        private readonly Dictionary<string, HashSet<string>> _touched = new(StringComparer.Ordinal);
        private readonly HashSet<(string User, string Item)> _evaluated = [];
        private readonly HashSet<string> _users = new(StringComparer.Ordinal);
        private readonly List<CaseMetrics>[] _metrics = scorers.Select(_ => new List<CaseMetrics>()).ToArray();
        private readonly Random _random = new(options.Seed);

        public int Count => _metrics[0].Count;

        public int Users => _users.Count;

        /// <summary>Scores a case when <paramref name="e"/> is the held-out moment of a user's first positive on the item,
        /// then records that the user touched the item.</summary>
        public void Consider(Interaction e, Interaction? positiveAtThisMoment)
        {
            var touched = Touched(e.UserId);
            if (positiveAtThisMoment is not null && e.TsMs >= options.TestFromMs && _evaluated.Add((e.UserId, e.ItemId)))
            {
                var negatives = SampleNegatives(touched, e.ItemId);
                if (negatives.Count > 0)
                {
                    ScoreCase(e, negatives);
                }
            }

            touched.Add(e.ItemId);
        }

        private void ScoreCase(Interaction moment, List<string> negatives)
        {
            negatives.Insert(0, moment.ItemId);
            var ids = negatives.ToArray();
            var scores = new float[ids.Length];
            for (var s = 0; s < scorers.Count; s++)
            {
                scorers[s].Score(replay, moment.UserId, ids, moment.TsMs, scores);
                _metrics[s].Add(RankingMetrics.Score(scores[0], scores.AsSpan(1), options.K));
            }

            _users.Add(moment.UserId);
        }

        /// <summary>Distinct items seen before this moment that the user had not touched; fewer when history is small.</summary>
        private List<string> SampleNegatives(HashSet<string> touched, string positive)
        {
            var known = replay.KnownItems;
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            for (var tries = 0; chosen.Count < options.Negatives && tries < options.Negatives * 10 && known.Count > 0; tries++)
            {
                var item = known[_random.Next(known.Count)];
                if (!touched.Contains(item) && !string.Equals(item, positive, StringComparison.Ordinal))
                {
                    chosen.Add(item);
                }
            }

            return [.. chosen];
        }

        private HashSet<string> Touched(string userId)
        {
            if (!_touched.TryGetValue(userId, out var set))
            {
                _touched[userId] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            return set;
        }

        public EvaluationReport Report(DateTimeOffset testFrom)
        {
            var results = new List<ScorerResult>();
            var differences = new List<PairedDifference>();
            for (var s = 0; s < scorers.Count; s++)
            {
                var m = _metrics[s];
                results.Add(new ScorerResult(scorers[s].Name, Of(m, x => x.Hit), Of(m, x => x.Ndcg), Of(m, x => x.Auc)));
                if (s > 0)
                {
                    var r = _metrics[0];
                    differences.Add(new PairedDifference(scorers[s].Name, scorers[0].Name,
                        Paired(m, r, x => x.Hit), Paired(m, r, x => x.Ndcg), Paired(m, r, x => x.Auc)));
                }
            }

            return new EvaluationReport(options.K, options.Negatives, testFrom, Count, Users, results, differences);
        }

        private static MeanInterval Of(List<CaseMetrics> metrics, Func<CaseMetrics, double> pick) => MeanInterval.Of(metrics.Select(pick).ToArray());

        private static MeanInterval Paired(List<CaseMetrics> a, List<CaseMetrics> b, Func<CaseMetrics, double> pick) =>
            MeanInterval.Paired(a.Select(pick).ToArray(), b.Select(pick).ToArray());
    }
}
