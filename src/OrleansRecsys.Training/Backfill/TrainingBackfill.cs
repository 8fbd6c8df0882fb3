using System.Diagnostics;
using OrleansRecsys.Features;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Backfill;

/// <summary>
/// Point-in-time training rows from an interaction log. History is replayed in event-time order through the serving
/// feature engine; a row for an event is built from the state before that event is applied, so its features hold
/// neither the event itself nor anything after it. Labels may look ahead (that is what a label is); features never do.
/// </summary>
public static class TrainingBackfill
{
    private const int ProgressEvery = 100_000;

    public static BackfillSummary Run(EventHistory history, FeatureCatalog catalog, BackfillOptions options, Action<BackfillRow> write,
        IProgress<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var builder = VectorBuilder.Create(catalog, options.Features);
        var replay = new HistoryReplay(catalog);
        var moments = options.Negatives == NegativeSource.Sampled ? PositiveMoments.Find(history, options.Weights, options.Window) : null;
        var emitter = new RowEmitter(replay, builder, options, PositiveTimes(history, options), write);
        long events = 0;
        foreach (var e in history.Events)
        {
            if (e.Interaction is { } interaction && interaction.TsMs >= options.FromMs && interaction.TsMs < options.UntilMs)
            {
                if (moments is null)
                {
                    emitter.EmitImpression(interaction);
                }
                else if (moments.TryGetValue((int)events, out var moment))
                {
                    emitter.EmitWithSampledNegatives(moment, interaction.TsMs);
                }
            }

            replay.Apply(e);
            if (++events % ProgressEvery == 0)
            {
                progress?.Report($"backfilled {events}/{history.Events.Count} events, {emitter.Rows} rows ({clock.Elapsed.TotalSeconds:F1}s)");
            }
        }

        progress?.Report($"backfilled {events} events into {emitter.Rows} rows ({emitter.Positives} positive) in {clock.Elapsed.TotalSeconds:F1}s");
        return new BackfillSummary(events, emitter.Rows, emitter.Positives, clock.Elapsed);
    }

    /// <summary>For impressions: every positive event's time and weight per user and item, in time order.</summary>
    private static Dictionary<(string User, string Item), List<(long TsMs, double Weight)>>? PositiveTimes(EventHistory history, BackfillOptions options)
    {
        if (options.Negatives != NegativeSource.Impressions)
        {
            return null;
        }

        var times = new Dictionary<(string User, string Item), List<(long TsMs, double Weight)>>();
        foreach (var e in history.Events)
        {
            if (e.Interaction is { } i && options.Weights.TryGetValue(i.Type, out var weight))
            {
                var key = (i.UserId, i.ItemId);
                if (!times.TryGetValue(key, out var list))
                {
                    times[key] = list = [];
                }

                list.Add((i.TsMs, weight));
            }
        }

        return times;
    }

    /// <summary>Turns one labelled moment into rows, from the replay's state as it is when called.</summary>
    private sealed class RowEmitter(
        HistoryReplay replay, VectorBuilder builder, BackfillOptions options,
        Dictionary<(string User, string Item), List<(long TsMs, double Weight)>>? positives, Action<BackfillRow> write)
    {
        private readonly Random _random = new(options.Seed);

        public long Rows { get; private set; }

        public long Positives { get; private set; }

        /// <summary>A view is a row; it is positive when the user acted on the item within the window from the view on.</summary>
        public void EmitImpression(Interaction view)
        {
            if (view.Type != InteractionType.View)
            {
                return;
            }

            var weight = 0.0;
            if (positives!.TryGetValue((view.UserId, view.ItemId), out var times))
            {
                var end = view.TsMs + (long)options.Window.TotalMilliseconds;
                foreach (var (ts, w) in times)
                {
                    weight = ts >= view.TsMs && ts <= end ? Math.Max(weight, w) : weight;
                }
            }

            var values = new float[builder.Width];
            replay.Build(builder, view.UserId, [view.ItemId], view.TsMs, values);
            Write(new BackfillRow(view.UserId, view.ItemId, view.TsMs, weight > 0, weight > 0 ? weight : 1, "view", values));
        }

        /// <summary>The positive as a row at its moment (<see cref="PositiveMoments"/>), and items drawn from those seen
        /// before it as negatives at the same moment.</summary>
        public void EmitWithSampledNegatives(PositiveMoments.Moment moment, long atMs)
        {
            var positive = moment.Positive;
            var items = SampleNegatives(positive.ItemId);
            items.Insert(0, positive.ItemId);
            var ids = items.ToArray();
            var rows = new float[ids.Length * builder.Width];
            replay.Build(builder, positive.UserId, ids, atMs, rows);
            var source = EventParser.TypeName(positive.Type);
            for (var r = 0; r < ids.Length; r++)
            {
                var values = rows.AsSpan(r * builder.Width, builder.Width).ToArray();
                Write(r == 0
                    ? new BackfillRow(positive.UserId, ids[r], atMs, true, moment.Weight, source, values)
                    : new BackfillRow(positive.UserId, ids[r], atMs, false, 1, "sampled", values));
            }
        }

        private List<string> SampleNegatives(string positiveItem)
        {
            var known = replay.KnownItems;
            var negatives = new List<string>(options.NegativesPerPositive + 1);
            for (var tries = 0; negatives.Count < options.NegativesPerPositive && tries < options.NegativesPerPositive * 4 && known.Count > 1; tries++)
            {
                var candidate = known[_random.Next(known.Count)];
                if (!string.Equals(candidate, positiveItem, StringComparison.Ordinal))
                {
                    negatives.Add(candidate);
                }
            }

            return negatives;
        }

        private void Write(BackfillRow row)
        {
            Rows++;
            Positives += row.Label ? 1 : 0;
            write(row);
        }
    }
}
