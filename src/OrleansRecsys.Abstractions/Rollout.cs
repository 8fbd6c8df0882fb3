using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.Guardrails")]
public sealed record Guardrails(
    int MinRequests = 100,
    double MaxErrorRate = 0.05,
    double MaxP99Ms = 50,
    double MaxFallbackRateDelta = 0.05);

/// <summary>The rollout plan of one model (docs/design.md).</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutPlan")]
public sealed record RolloutPlan(
    string Model,
    string? Stable,
    string? Canary,
    decimal CanaryPercent,
    string[] Shadow,
    string Salt,
    Guardrails Guardrails,
    long Revision);

[GenerateSerializer, Immutable, Alias("recsys.RolloutChange")]
public sealed record RolloutChange(
    long Revision,
    string Action,
    string Who,
    DateTimeOffset When,
    string Why,
    RolloutPlan? Before,
    RolloutPlan After);

/// <summary>A PUT of the rollout plan. <see cref="Shadow"/> and <see cref="Guardrails"/> keep their values when null.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutUpdate")]
public sealed record RolloutUpdate(string? Canary, decimal CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long Revision, string Reason);

[GenerateSerializer, Alias("recsys.RolloutOutcome")]
public enum RolloutOutcome : byte
{
    Ok = 0,
    BadRequest = 1,
    Conflict = 2,
    Unprocessable = 3,
    NotFound = 4,
}

[GenerateSerializer, Immutable, Alias("recsys.RolloutResult")]
public sealed record RolloutResult(RolloutOutcome Outcome, string? Error, RolloutPlan? Plan);

/// <summary>Per-variant request outcomes a silo reports to the coordinator (guardrails).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VariantStats")]
public sealed record VariantStats(string Version, long Requests, long Errors, long Fallbacks, double[] LatenciesMs);

/// <summary>Sticky canary assignment, exactly as docs/design.md defines it.</summary>
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

    public static bool IsCanary(RolloutPlan plan, string userId) =>
        plan.Canary is not null && Bucket(plan.Salt, userId) < Threshold(plan.CanaryPercent);

    /// <summary>The variant and version a user is routed to.</summary>
    public static (string Variant, string? Version) Route(RolloutPlan plan, string userId) =>
        IsCanary(plan, userId) ? (Variants.Canary, plan.Canary) : (Variants.Stable, plan.Stable);
}
