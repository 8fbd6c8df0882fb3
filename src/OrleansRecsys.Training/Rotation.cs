namespace OrleansRecsys.Training;

/// <summary>
/// A population of <c>slots</c> members, each member holding its slot for one lifetime before the next takes over, with
/// the hand-overs spread evenly across slots: members arrive and leave at a steady rate and the ages of those present are
/// spread evenly over the lifetime. Slot <c>s</c> at time <c>t</c> holds member <c>g·slots + s</c>, where
/// <c>g = ⌊t / lifetime + p(s) / slots⌋</c> and <c>p(s) = s·k mod slots</c> for a step <c>k</c> near 0.618·slots that
/// shares no factor with <c>slots</c>. <c>p</c> is a permutation, so every slot hands over once per lifetime at its own
/// moment, as with <c>p(s) = s</c>; unlike it, neighbouring slots hand over far apart. That matters because traffic
/// favours the low slots (a few users are much more active): with neighbours handing over together, the most active
/// users would all be new at once and old at once, and what their counters look like would depend on the time of day
/// modulo the lifetime, so a reference taken at one time would read as drift at another. Time is Unix milliseconds, so
/// every process agrees on who is present.
/// </summary>
internal static class Rotation
{
    private const double GoldenSection = 0.6180339887498949;

    public static long Generation(long nowMs, int slot, int slots, long lifetimeMs) =>
        (long)Math.Floor((nowMs / (double)lifetimeMs) + (Phase(slot, slots) / (double)slots));

    public static long Member(long generation, int slot, int slots) => (generation * slots) + slot;

    /// <summary>When the member of <paramref name="generation"/> took slot <paramref name="slot"/>.</summary>
    public static long ArrivalMs(long generation, int slot, int slots, long lifetimeMs) =>
        (long)Math.Ceiling((generation - (Phase(slot, slots) / (double)slots)) * lifetimeMs);

    /// <summary>A generator for one member's traits: the same member gets the same traits in every process.</summary>
    public static Random TraitsOf(int worldSeed, long member, int salt)
    {
        var x = unchecked(((ulong)member * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)worldSeed << 32) ^ (uint)salt);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)(x ^ (x >> 31)));
    }

    /// <summary>Where in the lifetime slot <paramref name="slot"/> hands over, in slots: <c>p(s)</c> above.</summary>
    internal static long Phase(int slot, int slots) => (long)slot * Step(slots) % slots;

    /// <summary>The first whole number from 0.618·<paramref name="slots"/> up that shares no factor with it (1 for one slot).</summary>
    private static long Step(int slots)
    {
        var step = Math.Max(1, (long)(slots * GoldenSection));
        while (Gcd(step, slots) != 1)
        {
            step++;
        }

        return step;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
