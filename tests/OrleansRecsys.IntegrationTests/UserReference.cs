using System.Text.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Reference computation of a few user features straight from docs/design.md, independent of the engine.</summary>
public sealed record UserReference(long Events, long Clicks, long Purchases, double Spend, List<long> ClickTimes)
{
    public static Dictionary<string, UserReference> From(IEnumerable<(string User, string Type, long Ts, double Value)> events)
    {
        var map = new Dictionary<string, UserReference>();
        foreach (var (user, type, ts, value) in events)
        {
            var r = map.TryGetValue(user, out var x) ? x : new UserReference(0, 0, 0, 0, []);
            if (type == "click")
            {
                r.ClickTimes.Add(ts);
            }

            map[user] = r with
            {
                Events = r.Events + 1,
                Clicks = r.Clicks + (type == "click" ? 1 : 0),
                Purchases = r.Purchases + (type == "purchase" ? 1 : 0),
                Spend = r.Spend + (type == "purchase" ? value : 0),
            };
        }

        return map;
    }

    public double ClicksDecay24h(long asOfMs) => ClickTimes.Sum(t => Math.Pow(2, -(asOfMs - t) / 86_400_000.0));

    /// <summary>True when the grid's snapshot equals this reference (decay within 1e-9 relative).</summary>
    public bool Matches(FeatureSnapshot s) =>
        s.Numbers["user_events_total"] == Events && s.Numbers["user_clicks_total"] == Clicks &&
        s.Numbers["user_purchases_total"] == Purchases && Math.Abs(s.Numbers["user_spend_total"] - Spend) < 1e-6 &&
        Math.Abs(s.Numbers["user_clicks_decay_24h"] - ClicksDecay24h(s.AsOfMs)) <= 1e-9 * Math.Max(1, ClicksDecay24h(s.AsOfMs));

    /// <summary>True when every user's grain equals its reference right now.</summary>
    public static async Task<bool> AllMatchAsync(IGrainFactory grains, Dictionary<string, UserReference> reference)
    {
        foreach (var (user, r) in reference)
        {
            if (!r.Matches(await grains.GetGrain<IUserFeatureGrain>(user).GetFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())))
            {
                return false;
            }
        }

        return true;
    }

    public static List<(string User, string Type, long Ts, double Value)> Generate(string prefix, int users, int count, int seed)
    {
        var rng = new Random(seed);
        var types = new[] { "view", "view", "view", "click", "add_to_cart", "purchase" };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Enumerable.Range(0, count)
            .Select(_ => ($"{prefix}{rng.Next(users)}", types[rng.Next(types.Length)], now - rng.Next(0, 86_400_000), Math.Round(rng.NextDouble() * 100, 2)))
            .ToList();
    }

    /// <summary>Per item (the item id is derived from the event time, as <see cref="Json"/> writes it): views, clicks, purchases.</summary>
    public static Dictionary<string, (long Views, long Clicks, long Purchases)> Items(IEnumerable<(string User, string Type, long Ts, double Value)> events)
    {
        var map = new Dictionary<string, (long Views, long Clicks, long Purchases)>();
        foreach (var (_, type, ts, _) in events)
        {
            var id = "it" + (ts % 50);
            var (v, c, p) = map.GetValueOrDefault(id);
            map[id] = (v + (type == "view" ? 1 : 0), c + (type == "click" ? 1 : 0), p + (type == "purchase" ? 1 : 0));
        }

        return map;
    }

    public static bool ItemMatches(FeatureSnapshot s, (long Views, long Clicks, long Purchases) r) =>
        s.Numbers["item_views_total"] == r.Views && s.Numbers["item_clicks_total"] == r.Clicks && s.Numbers["item_purchases_total"] == r.Purchases;

    public static byte[] Json(string id, (string User, string Type, long Ts, double Value) e) => JsonSerializer.SerializeToUtf8Bytes(
        new { eventId = id, userId = e.User, itemId = "it" + (e.Ts % 50), type = e.Type, ts = e.Ts, value = e.Value });
}
