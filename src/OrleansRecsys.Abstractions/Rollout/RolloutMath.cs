using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys;

/// <summary>
/// Sticky assignment: a user keeps their bucket for a given salt, so the same users stay on the canary as its share grows.
/// With several arms, each owns a consecutive range of buckets (<see cref="RolloutArms"/>).
/// </summary>
public static class RolloutMath
{
    public const int Buckets = 10_000;

    /// <summary>First 8 bytes of SHA-256(UTF-8(salt + "/" + userId)) as big-endian uint64, mod 10000.</summary>
    public static int Bucket(string salt, string userId)
    {
        var text = string.Concat(salt, "/", userId);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        var n = Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..n], hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }

    /// <summary>Threshold in buckets for a percent with two decimals: round(percent × 100).</summary>
    public static int Threshold(decimal percent) => (int)Math.Round(percent * 100m, MidpointRounding.AwayFromZero);

    /// <summary>Whether the user is served by an arm (the canary or another arm) rather than the stable version.</summary>
    public static bool IsCanary(RolloutPlan plan, string userId) => ArmVersion(plan, userId) is not null;

    /// <summary>
    /// The variant and version a user is routed to: every arm is served as <see cref="Variants.Canary"/> (the version tells
    /// the arms apart), everyone else gets the stable version.
    /// </summary>
    public static (string Variant, string? Version) Route(RolloutPlan plan, string userId) =>
        ArmVersion(plan, userId) is { } arm ? (Variants.Canary, arm) : (Variants.Stable, plan.Stable);

    /// <summary>The arm serving the user, or null for the stable version; a plan without arms hashes nothing.</summary>
    private static string? ArmVersion(RolloutPlan plan, string userId) =>
        RolloutArms.Any(plan) ? RolloutArms.VersionAt(plan, Bucket(plan.Salt, userId)) : null;
}
