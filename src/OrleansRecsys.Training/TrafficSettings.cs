using System.Globalization;

namespace OrleansRecsys.Training;

/// <summary>
/// The shape of the synthetic traffic: one description for the simulator that produces it live and for the trainer that
/// learns from it (and takes its drift reference from it), so the reference describes what live traffic looks like.
/// </summary>
/// <param name="EventsPerSecond">Interaction events per second; the pace of the world's clock.</param>
/// <param name="Users">Users taking part at any moment (each for <see cref="UserLifetime"/>, then a new user takes over).</param>
/// <param name="Items">Items on offer at any moment (each for <see cref="ItemLifetime"/>, then a new item takes its place).</param>
/// <param name="Shift">How the world departs from its steady state.</param>
/// <param name="WorldSeed">Fixes the users' tastes and the items' categories, prices and quality.</param>
public sealed record TrafficSettings(int EventsPerSecond = 200, int Users = 2000, int Items = 500, TrafficShift Shift = TrafficShift.None, int WorldSeed = 7)
{
    /// <summary>How long a user takes part. Users come and go at a steady rate, so per-user totals stop growing with uptime.</summary>
    public static readonly TimeSpan UserLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long an item is on offer. Items come and go at a steady rate, so item ages and counters stay in range.</summary>
    public static readonly TimeSpan ItemLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The history replayed before traffic is steady: every user and item alive after it arrived within it.</summary>
    public static TimeSpan WarmUp => UserLifetime > ItemLifetime ? UserLifetime : ItemLifetime;

    /// <summary>One line for manifests and logs: what data a model was trained on.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{EventsPerSecond} events/s, {Users} users, {Items} items, shift {Shift.ToString().ToLowerInvariant()}, world seed {WorldSeed}");
}
