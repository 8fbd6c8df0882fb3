namespace OrleansRecsys.Training;

/// <summary>The users taking part: a fixed number of slots whose users are replaced one lifetime after they arrive
/// (<see cref="Rotation"/>). Each user prefers a favourite and a second category.</summary>
internal sealed class RotatingUsers
{
    private const int TraitSalt = 2;
    private static readonly long LifetimeMs = (long)TrafficSettings.UserLifetime.TotalMilliseconds;

    private readonly int _worldSeed;
    private readonly long[] _generations;
    private readonly string[] _ids;
    private readonly double[][] _preferences;

    public RotatingUsers(int count, int worldSeed)
    {
        _worldSeed = worldSeed;
        _generations = new long[count];
        Array.Fill(_generations, long.MinValue);
        _ids = new string[count];
        _preferences = new double[count][];
    }

    public int Count => _ids.Length;

    /// <summary>The user holding <paramref name="slot"/> at <paramref name="nowMs"/>.</summary>
    public (string Id, double[] Preferences) At(int slot, long nowMs)
    {
        var generation = Rotation.Generation(nowMs, slot, _ids.Length, LifetimeMs);
        if (generation != _generations[slot])
        {
            var member = Rotation.Member(generation, slot, _ids.Length);
            _generations[slot] = generation;
            _ids[slot] = $"u{member}";
            _preferences[slot] = Preferences(Rotation.TraitsOf(_worldSeed, member, TraitSalt));
        }

        return (_ids[slot], _preferences[slot]);
    }

    /// <summary>Category preferences as the original demo world draws them: a favourite, a second, a little of everything.</summary>
    public static double[] Preferences(Random rng)
    {
        var preferences = new double[SyntheticWorld.Categories.Length];
        var favourite = rng.Next(preferences.Length);
        var second = rng.Next(preferences.Length);
        for (var c = 0; c < preferences.Length; c++)
        {
            preferences[c] = 0.05 + (c == favourite ? 0.9 : 0) + (c == second ? 0.4 : 0);
        }

        return preferences;
    }
}
