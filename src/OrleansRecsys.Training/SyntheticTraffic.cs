namespace OrleansRecsys.Training;

/// <summary>
/// The demo shop's traffic, one generator for everything that produces or learns from it: the embedded traffic
/// simulator, <c>recsysctl simulate</c> and the demo model's trainer. Users and items come and go at a steady rate
/// (<see cref="Rotation"/>), sessions are paced at <see cref="TrafficSettings.EventsPerSecond"/> and a session's events
/// follow its start within a second or two, so after <see cref="TrafficSettings.WarmUp"/> the world is steady: what a
/// model learns from a replay is what live traffic looks like, and drift appears only when the world shifts.
/// </summary>
public sealed class SyntheticTraffic
{
    /// <summary>A session's minutes of browsing happen within a second or two of its start.</summary>
    private const int TimeCompression = 100;

    private const double ShiftedPriceFactor = 2.5;
    private const double CohortShare = 0.5;
    private const double CategoryShare = 0.8;
    private const int ShiftedCategory = 3;

    private readonly Random _rng;
    private readonly RotatingUsers _users;
    private readonly RotatingItems _items;
    private readonly string _cohortPrefix;
    private long _eventSequence;
    private long _cohortSequence;

    public SyntheticTraffic(TrafficSettings settings, int sessionSeed)
    {
        Settings = settings;
        Shift = settings.Shift;
        _rng = new Random(sessionSeed);
        _users = new RotatingUsers(settings.Users, settings.WorldSeed);
        _items = new RotatingItems(settings.Items, settings.WorldSeed);
        _cohortPrefix = $"n{(uint)sessionSeed:x}-";
    }

    public TrafficSettings Settings { get; }

    /// <summary>The shift in force; the simulator changes it while running.</summary>
    public TrafficShift Shift { get; set; }

    /// <summary>The items that arrived since the last call, as upserts stamped with their arrival (all present items on the first call).</summary>
    public List<ItemUpsert> AdvanceItems(long nowMs) =>
        _items.Advance(nowMs).Select(a => Upsert(a.Item, a.ArrivedMs)).ToList();

    /// <summary>Every item on offer, stamped <paramref name="nowMs"/> with its price under the current shift.</summary>
    public List<ItemUpsert> CurrentItems(long nowMs)
    {
        _items.Advance(nowMs);
        return Enumerable.Range(0, _items.Count).Select(slot => Upsert(_items[slot], nowMs)).ToList();
    }

    /// <summary>
    /// Traffic from <paramref name="fromMs"/> on, without end: at each step, the items that arrived by then and a session
    /// that starts then; the next step comes when the session's events are due at the configured rate.
    /// </summary>
    public IEnumerable<TrafficStep> Run(long fromMs)
    {
        var at = (double)fromMs;
        while (true)
        {
            var now = (long)at;
            var arrivals = AdvanceItems(now);
            var session = NextSession(now);
            yield return new TrafficStep(now, arrivals, session);
            at += session.Events.Count * 1000.0 / Settings.EventsPerSecond;
        }
    }

    /// <summary>One session starting at <paramref name="nowMs"/>: views, clicks drawn from taste and quality, some carts and
    /// purchases, over the items of the last <see cref="AdvanceItems"/> (which must have been called once).</summary>
    public SyntheticSession NextSession(long nowMs)
    {
        var (userId, preferences) = NextUser(nowMs);
        var events = new List<Interaction>();
        var ts = nowMs;
        var views = 3 + _rng.Next(8);
        for (var v = 0; v < views; v++)
        {
            var item = PickItem(preferences);
            ts += Gap(1000 + _rng.Next(20_000));
            events.Add(Event(userId, item, InteractionType.View, ts, _rng.Next(5, 120)));
            if (_rng.NextDouble() < ClickProbability(preferences, item))
            {
                ts = AddFollowUps(events, userId, item, ts);
            }
        }

        var candidates = events.Select(e => e.ItemId).Distinct(StringComparer.Ordinal).ToArray();
        return new SyntheticSession(userId, candidates, events);
    }

    /// <summary>The click that follows a view, and sometimes a cart and a purchase; returns the last event's time.</summary>
    private long AddFollowUps(List<Interaction> events, string userId, SyntheticWorld.ItemTraits item, long ts)
    {
        ts += Gap(500 + _rng.Next(5000));
        events.Add(Event(userId, item, InteractionType.Click, ts, 0));
        if (_rng.NextDouble() < 0.25)
        {
            ts += Gap(500 + _rng.Next(5000));
            events.Add(Event(userId, item, InteractionType.AddToCart, ts, 0));
            if (_rng.NextDouble() < 0.5)
            {
                ts += Gap(500 + _rng.Next(5000));
                events.Add(Event(userId, item, InteractionType.Purchase, ts, PriceOf(item)));
            }
        }

        return ts;
    }

    private Interaction Event(string userId, SyntheticWorld.ItemTraits item, InteractionType type, long ts, double value) =>
        new($"e{_eventSequence++}", userId, item.Id, type, ts, value, null);

    private static long Gap(int sessionMs) => Math.Max(1, sessionMs / TimeCompression);

    /// <summary>A returning user, most often one of the lower slots (a few users are much more active); under the cohort
    /// shift, half the sessions come from users nobody has seen before.</summary>
    private (string Id, double[] Preferences) NextUser(long nowMs)
    {
        if (Shift == TrafficShift.Cohort && _rng.NextDouble() < CohortShare)
        {
            return (_cohortPrefix + _cohortSequence++, RotatingUsers.Preferences(_rng));
        }

        var slot = (int)Math.Min(_users.Count - 1, Math.Floor(Math.Pow(_rng.NextDouble(), 1.3) * _users.Count));
        return _users.At(slot, nowMs);
    }

    /// <summary>Half the views browse a category the user likes, the rest anything; under the category shift most go to one category.</summary>
    private SyntheticWorld.ItemTraits PickItem(double[] preferences)
    {
        var browse = Shift == TrafficShift.Category && _rng.NextDouble() < CategoryShare ? ShiftedCategory
            : _rng.NextDouble() < 0.5 ? PickCategory(preferences) : -1;
        if (browse >= 0)
        {
            var category = SyntheticWorld.Categories[browse];
            for (var tries = 0; tries < 20; tries++)
            {
                var candidate = _items[_rng.Next(_items.Count)];
                if (candidate.Category == category)
                {
                    return candidate;
                }
            }
        }

        return _items[_rng.Next(_items.Count)];
    }

    private int PickCategory(double[] preferences)
    {
        var x = _rng.NextDouble() * preferences.Sum();
        var c = 0;
        for (; c < preferences.Length - 1 && x > preferences[c]; c++)
        {
            x -= preferences[c];
        }

        return c;
    }

    /// <summary>The ground truth the ranker learns: affinity for the item's category and the item's quality.</summary>
    private static double ClickProbability(double[] preferences, SyntheticWorld.ItemTraits item)
    {
        var c = Array.IndexOf(SyntheticWorld.Categories, item.Category);
        var logit = -3.2 + (2.6 * preferences[c]) + (2.2 * item.Quality);
        return 1 / (1 + Math.Exp(-logit));
    }

    private double PriceOf(SyntheticWorld.ItemTraits item) =>
        Shift == TrafficShift.Price ? Math.Round(item.Price * ShiftedPriceFactor, 2) : item.Price;

    private ItemUpsert Upsert(SyntheticWorld.ItemTraits item, long tsMs) => new(item.Id, item.Category, PriceOf(item), [], tsMs);
}
