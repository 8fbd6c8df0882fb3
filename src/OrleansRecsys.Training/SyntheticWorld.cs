namespace OrleansRecsys.Training;

/// <summary>
/// A deterministic synthetic shop: users with latent category preferences, items with a category, price and
/// quality, and sessions in which clicks and purchases are drawn from preference × quality. It feeds both the
/// demo traffic simulator and the trainer, so the demo model has real signal to learn.
/// </summary>
public sealed class SyntheticWorld
{
    public static readonly string[] Categories = ["shoes", "shirts", "books", "games", "music", "garden", "kitchen", "sports"];

    private readonly Random _rng;

    public SyntheticWorld(int users = 2000, int items = 500, int seed = 7)
    {
        _rng = new Random(seed);
        UserCount = users;
        ItemCount = items;
        Items = new ItemTraits[items];
        for (var i = 0; i < items; i++)
        {
            var category = Categories[_rng.Next(Categories.Length)];
            var price = Math.Round(Math.Exp(2.5 + _rng.NextDouble() * 2.5), 2);
            Items[i] = new ItemTraits($"i{i}", category, price, Math.Pow(_rng.NextDouble(), 1.5));
        }

        Preferences = new double[users][];
        for (var u = 0; u < users; u++)
        {
            var p = new double[Categories.Length];
            var favourite = _rng.Next(Categories.Length);
            var second = _rng.Next(Categories.Length);
            for (var c = 0; c < p.Length; c++)
            {
                p[c] = 0.05 + (c == favourite ? 0.9 : 0) + (c == second ? 0.4 : 0);
            }

            Preferences[u] = p;
        }
    }

    public sealed record ItemTraits(string Id, string Category, double Price, double Quality);

    public int UserCount { get; }
    public int ItemCount { get; }
    public ItemTraits[] Items { get; }
    public double[][] Preferences { get; }

    public static string UserId(int u) => $"u{u}";

    public IEnumerable<ItemUpsert> ItemUpserts(long tsMs) =>
        Items.Select(i => new ItemUpsert(i.Id, i.Category, i.Price, [], tsMs));

    /// <summary>One session's events: a few views, clicks drawn from affinity and quality, some carts and purchases.</summary>
    public List<Interaction> Session(int user, long startMs, ref long eventSeq, string? requestId = null)
    {
        var events = new List<Interaction>();
        var ts = startMs;
        var views = 3 + _rng.Next(8);
        for (var v = 0; v < views; v++)
        {
            var item = PickItem(user);
            ts += 1000 + _rng.Next(20_000);
            var uid = UserId(user);
            events.Add(new Interaction($"e{eventSeq++}", uid, item.Id, InteractionType.View, ts, _rng.Next(5, 120), requestId));
            if (_rng.NextDouble() < ClickProbability(user, item))
            {
                ts += 500 + _rng.Next(5000);
                events.Add(new Interaction($"e{eventSeq++}", uid, item.Id, InteractionType.Click, ts, 0, requestId));
                if (_rng.NextDouble() < 0.25)
                {
                    ts += 500 + _rng.Next(5000);
                    events.Add(new Interaction($"e{eventSeq++}", uid, item.Id, InteractionType.AddToCart, ts, 0, requestId));
                    if (_rng.NextDouble() < 0.5)
                    {
                        ts += 500 + _rng.Next(5000);
                        events.Add(new Interaction($"e{eventSeq++}", uid, item.Id, InteractionType.Purchase, ts, item.Price, requestId));
                    }
                }
            }
        }

        return events;
    }

    /// <summary>The ground-truth click probability: affinity for the category and item quality.</summary>
    public double ClickProbability(int user, ItemTraits item)
    {
        var c = Array.IndexOf(Categories, item.Category);
        var logit = -3.2 + (2.6 * Preferences[user][c]) + (2.2 * item.Quality);
        return 1 / (1 + Math.Exp(-logit));
    }

    public int NextUser() => (int)Math.Min(UserCount - 1, Math.Floor(Math.Pow(_rng.NextDouble(), 1.3) * UserCount));

    private ItemTraits PickItem(int user)
    {
        if (_rng.NextDouble() < 0.5)
        {
            // Browse in a preferred category.
            var prefs = Preferences[user];
            var total = prefs.Sum();
            var x = _rng.NextDouble() * total;
            var c = 0;
            for (; c < prefs.Length - 1 && x > prefs[c]; c++)
            {
                x -= prefs[c];
            }

            var category = Categories[c];
            for (var tries = 0; tries < 20; tries++)
            {
                var candidate = Items[_rng.Next(Items.Length)];
                if (candidate.Category == category)
                {
                    return candidate;
                }
            }
        }

        return Items[_rng.Next(Items.Length)];
    }
}
