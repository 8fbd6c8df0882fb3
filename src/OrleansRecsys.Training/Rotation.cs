namespace OrleansRecsys.Training;

/// <summary>
/// A population of <c>slots</c> members, each member holding its slot for one lifetime before the next takes over, with
/// the hand-overs spread evenly across slots: members arrive and leave at a steady rate and the ages of those present are
/// spread evenly over the lifetime. Slot <c>s</c> at time <c>t</c> holds member <c>g·slots + s</c>, where
/// <c>g = ⌊t / lifetime + s / slots⌋</c>. Time is Unix milliseconds, so every process agrees on who is present.
/// </summary>
internal static class Rotation
{
    public static long Generation(long nowMs, int slot, int slots, long lifetimeMs) =>
        (long)Math.Floor((nowMs / (double)lifetimeMs) + (slot / (double)slots));

    public static long Member(long generation, int slot, int slots) => (generation * slots) + slot;

    /// <summary>When the member of <paramref name="generation"/> took slot <paramref name="slot"/>.</summary>
    public static long ArrivalMs(long generation, int slot, int slots, long lifetimeMs) =>
        (long)Math.Ceiling((generation - (slot / (double)slots)) * lifetimeMs);

    /// <summary>A generator for one member's traits: the same member gets the same traits in every process.</summary>
    public static Random TraitsOf(int worldSeed, long member, int salt)
    {
        var x = unchecked(((ulong)member * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)worldSeed << 32) ^ (uint)salt);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)(x ^ (x >> 31)));
    }
}
