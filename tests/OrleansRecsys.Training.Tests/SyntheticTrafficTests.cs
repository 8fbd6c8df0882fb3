using OrleansRecsys.Features;
using Xunit.Abstractions;

namespace OrleansRecsys.Training.Tests;

public sealed class SyntheticTrafficTests(ITestOutputHelper output)
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private static readonly long Start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const int Sessions = 1500;

    [Fact]
    public void Steady_traffic_an_hour_later_stays_within_the_reference_on_every_input()
    {
        var reference = References(Spread(new TrafficSettings(), seed: 1, Start));
        var later = Rows(new TrafficSettings(), seed: 2, Start + 3_600_000);

        var psi = PsiByFeature(reference, later);

        Assert.All(psi, p => Assert.True(p.Value < 0.1, $"{p.Key}: PSI {p.Value:F3}"));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    [InlineData(4)]
    public void Steady_traffic_at_any_point_of_the_users_lifetimes_stays_within_a_reference_taken_at_another(double minutesLater)
    {
        // The reference is taken from the first minutes after a whole multiple of the lifetime, as the demo trainer's
        // fixed start is; live traffic comes at whatever time of day the grid runs.
        var reference = References(Spread(new TrafficSettings(), seed: 1, Start));
        var later = Rows(new TrafficSettings(), seed: 2, Start + 3_600_000 + (long)(minutesLater * 60_000));

        var psi = PsiByFeature(reference, later);

        Assert.All(psi, p => Assert.True(p.Value < 0.1, $"{p.Key}: PSI {p.Value:F3} {minutesLater} minutes into a lifetime"));
    }

    [Theory]
    [InlineData(TrafficShift.Price, "item_price")]
    [InlineData(TrafficShift.Cohort, "user_secs_since_last_event")]
    [InlineData(TrafficShift.Cohort, "user_events_total")]
    public void A_shift_moves_the_inputs_it_should_past_the_significant_level(TrafficShift shift, string feature)
    {
        var reference = References(Spread(new TrafficSettings(), seed: 1, Start));
        var shifted = Rows(new TrafficSettings(Shift: shift), seed: 2, Start + 3_600_000);

        var psi = PsiByFeature(reference, shifted);

        Assert.True(psi[feature] >= 0.25, $"{feature}: PSI {psi[feature]:F3} under {shift}");
    }

    [Fact]
    public void Two_generators_of_one_world_offer_the_same_items_at_the_same_time()
    {
        var a = new SyntheticTraffic(new TrafficSettings(Items: 50), sessionSeed: 1);
        var b = new SyntheticTraffic(new TrafficSettings(Items: 50), sessionSeed: 2);

        var first = a.CurrentItems(Start);
        var second = b.CurrentItems(Start);

        Assert.Equal(first.Select(i => (i.ItemId, i.Category, i.Price)), second.Select(i => (i.ItemId, i.Category, i.Price)));
    }

    [Fact]
    public void Items_arrive_at_a_steady_rate_and_stay_one_lifetime()
    {
        var traffic = new SyntheticTraffic(new TrafficSettings(Items: 600), sessionSeed: 1);
        traffic.AdvanceItems(Start);
        var lifetimeMs = (long)TrafficSettings.ItemLifetime.TotalMilliseconds;

        var arrivals = traffic.AdvanceItems(Start + (lifetimeMs / 10));
        var afterALifetime = traffic.AdvanceItems(Start + lifetimeMs + (lifetimeMs / 10));

        Assert.Equal(60, arrivals.Count);
        Assert.Equal(600, afterALifetime.Count);
        Assert.All(arrivals, a => Assert.InRange(a.TsMs, Start, Start + (lifetimeMs / 10)));
    }

    [Fact]
    public void The_price_shift_raises_the_prices_of_items_on_offer()
    {
        var traffic = new SyntheticTraffic(new TrafficSettings(Items: 20), sessionSeed: 1);
        var usual = traffic.CurrentItems(Start);

        traffic.Shift = TrafficShift.Price;
        var shifted = traffic.CurrentItems(Start);

        Assert.All(usual.Zip(shifted), p => Assert.Equal(Math.Round(p.First.Price!.Value * 2.5, 2), p.Second.Price!.Value, 6));
    }

    /// <summary>A minute of consecutive sessions, as a drift window sees them.</summary>
    private static TrainingSet Rows(TrafficSettings settings, int seed, long start) =>
        TrainingSet.FromTraffic(new SyntheticTraffic(settings, seed), Catalog, RankerTrainer.DefaultFeatures, Sessions, start);

    /// <summary>Sessions spread over two lifetimes, as the demo model's reference is taken.</summary>
    private static TrainingSet Spread(TrafficSettings settings, int seed, long start) =>
        TrainingSet.FromTraffic(new SyntheticTraffic(settings, seed), Catalog, RankerTrainer.DefaultFeatures, Sessions, start,
            spread: 2 * TrafficSettings.WarmUp);

    private static Dictionary<string, Histogram> References(TrainingSet set) =>
        set.FeatureNames.Select((name, j) => (name, Histograms.FromSample(set.Rows.Select(r => (double)r[j]).ToList())))
            .ToDictionary(p => p.name, p => p.Item2);

    private Dictionary<string, double> PsiByFeature(Dictionary<string, Histogram> reference, TrainingSet live)
    {
        var psi = new Dictionary<string, double>();
        for (var j = 0; j < live.FeatureNames.Length; j++)
        {
            var histogram = reference[live.FeatureNames[j]];
            var counts = new long[histogram.Counts.Length];
            foreach (var row in live.Rows)
            {
                counts[Histograms.BinOf(histogram.Edges, row[j])]++;
            }

            psi[live.FeatureNames[j]] = Psi(histogram.Counts, counts);
            output.WriteLine($"{live.FeatureNames[j],-28} PSI {psi[live.FeatureNames[j]]:F3}");
        }

        return psi;
    }

    /// <summary>Σ (a − e)·ln(a / e) over bin shares, empty bins smoothed as the grid's report does.</summary>
    private static double Psi(long[] expected, long[] actual)
    {
        double te = expected.Sum(), ta = actual.Sum(), psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i] / te, 1e-4);
            var a = Math.Max(actual[i] / ta, 1e-4);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }
}
