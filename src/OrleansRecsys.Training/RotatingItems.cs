namespace OrleansRecsys.Training;

/// <summary>The items on offer: a fixed number of slots whose items are replaced one lifetime after they arrive (<see cref="Rotation"/>).</summary>
internal sealed class RotatingItems
{
    private const int TraitSalt = 1;
    private static readonly long LifetimeMs = (long)TrafficSettings.ItemLifetime.TotalMilliseconds;

    private readonly int _worldSeed;
    private readonly long[] _generations;
    private readonly SyntheticWorld.ItemTraits[] _current;

    public RotatingItems(int count, int worldSeed)
    {
        _worldSeed = worldSeed;
        _generations = new long[count];
        Array.Fill(_generations, long.MinValue);
        _current = new SyntheticWorld.ItemTraits[count];
    }

    public int Count => _current.Length;

    public SyntheticWorld.ItemTraits this[int slot] => _current[slot];

    /// <summary>Moves every slot to <paramref name="nowMs"/> and returns the items that arrived since the last call, with
    /// their arrival times (on the first call: every item present, each with the time it arrived).</summary>
    public List<(SyntheticWorld.ItemTraits Item, long ArrivedMs)> Advance(long nowMs)
    {
        var arrivals = new List<(SyntheticWorld.ItemTraits, long)>();
        for (var slot = 0; slot < _current.Length; slot++)
        {
            var generation = Rotation.Generation(nowMs, slot, _current.Length, LifetimeMs);
            if (generation == _generations[slot])
            {
                continue;
            }

            _generations[slot] = generation;
            _current[slot] = Traits(Rotation.Member(generation, slot, _current.Length));
            arrivals.Add((_current[slot], Math.Min(nowMs, Rotation.ArrivalMs(generation, slot, _current.Length, LifetimeMs))));
        }

        return arrivals;
    }

    /// <summary>Category, price and quality as the original demo world draws them, fixed per item by the world's seed.</summary>
    private SyntheticWorld.ItemTraits Traits(long member)
    {
        var rng = Rotation.TraitsOf(_worldSeed, member, TraitSalt);
        var category = SyntheticWorld.Categories[rng.Next(SyntheticWorld.Categories.Length)];
        var price = Math.Round(Math.Exp(2.5 + (rng.NextDouble() * 2.5)), 2);
        return new SyntheticWorld.ItemTraits($"i{member}", category, price, Math.Pow(rng.NextDouble(), 1.5));
    }
}
