using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Tests.Rollout;

public sealed class RolloutTests
{
    private static RolloutPlan Plan(decimal percent, string salt = "ranker") =>
        new("ranker", "v1", "v2", percent, [], salt, new Guardrails(), 3);

    /// <summary>The bucketing formula computed independently: first 8 bytes of SHA-256 as a big-endian unsigned integer, mod 10000.</summary>
    private static int ReferenceBucket(string salt, string userId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(salt + "/" + userId));
        var value = new BigInteger(hash.AsSpan(0, 8), isUnsigned: true, isBigEndian: true);
        return (int)(value % 10000);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(33.33)]
    public void Canary_share_of_100k_users_is_on_target_and_matches_the_formula(double percentDouble)
    {
        var percent = (decimal)percentDouble;
        var plan = Plan(percent);
        var canary = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var user = "user-" + i;
            var isCanary = RolloutMath.IsCanary(plan, user);
            Assert.Equal(ReferenceBucket("ranker", user) < (int)Math.Round(percent * 100), isCanary);
            canary += isCanary ? 1 : 0;
        }

        Assert.InRange(canary / 1000.0, percentDouble - 0.5, percentDouble + 0.5);
    }

    [Fact]
    public void Assignment_is_sticky_and_monotonic_in_the_percent()
    {
        var users = Enumerable.Range(0, 5000).Select(i => "u" + i).ToArray();
        var previous = new HashSet<string>();
        foreach (var p in new[] { 0m, 1m, 5m, 10m, 50m, 100m })
        {
            var now = users.Where(u => RolloutMath.IsCanary(Plan(p), u)).ToHashSet();
            Assert.True(previous.IsSubsetOf(now), $"raising to {p}% removed users");
            previous = now;
        }

        Assert.Equal(users.Length, previous.Count);
        Assert.DoesNotContain(users, u => RolloutMath.IsCanary(Plan(100m) with { Canary = null }, u));
        Assert.Equal(RolloutMath.Route(Plan(50m), "u7"), RolloutMath.Route(Plan(50m), "u7"));
    }

    [Fact]
    public void Different_salts_split_users_differently()
    {
        var a = Enumerable.Range(0, 2000).Count(i => RolloutMath.IsCanary(Plan(50m, "a"), "u" + i) != RolloutMath.IsCanary(Plan(50m, "b"), "u" + i));
        Assert.InRange(a, 800, 1200);
    }

    [Theory]
    [InlineData(-0.01, "between 0 and 100")]
    [InlineData(100.01, "between 0 and 100")]
    [InlineData(10.005, "two decimals")]
    public void Percent_outside_range_or_with_three_decimals_is_refused(double percent, string message) =>
        Assert.Contains(message, RolloutRules.ValidatePercent((decimal)percent));

    [Fact]
    public void Updates_are_checked_against_the_plan()
    {
        var current = Plan(10m) with { Canary = null, CanaryPercent = 0 };
        Assert.Contains("stable", RolloutRules.ValidateUpdate(current, new RolloutUpdate("v1", 10, null, null, 3, "x")));
        Assert.Contains("reason", RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 10, null, null, 3, " ")));
        Assert.Contains("at most 1000 characters", RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 10, null, null, 3, new string('r', 1001))));
        Assert.Null(RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 10, null, null, 3, new string('r', 1000))));
        Assert.Contains("no canary", RolloutRules.ValidateUpdate(current, new RolloutUpdate(null, 10, null, null, 3, "x")));
        Assert.Contains("shadow", RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 10, ["v2"], null, 3, "x")));
        Assert.Contains("minRequests", RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 10, null, new Guardrails(MinRequests: 0), 3, "x")));
        Assert.Null(RolloutRules.ValidateUpdate(current, new RolloutUpdate("v2", 12.5m, ["v3"], new Guardrails(), 3, "try v2")));
    }

    [Theory]
    [InlineData(0, 0.02, 0.05, 2.0, 0.0, "guardrails.minRequests")]
    [InlineData(100, 1.5, 0.05, 2.0, 0.0, "guardrails.maxErrorRateDelta")]
    [InlineData(100, 0.02, double.NaN, 2.0, 0.0, "guardrails.maxFallbackRateDelta")]
    [InlineData(100, 0.02, 0.05, 0.5, 0.0, "guardrails.maxScoreTimeRatio")]
    [InlineData(100, 0.02, 0.05, double.PositiveInfinity, 0.0, "guardrails.maxScoreTimeRatio")]
    [InlineData(100, 0.02, 0.05, 2.0, -1.0, "guardrails.maxScoreTimeDeltaUs")]
    public void Guardrail_thresholds_are_checked_and_named(int minRequests, double errorDelta, double fallbackDelta, double ratio, double deltaUs, string field)
    {
        Assert.Contains(field, RolloutRules.ValidateGuardrails(new Guardrails(minRequests, errorDelta, fallbackDelta, ratio, deltaUs)));
    }

    [Fact]
    public void Scoring_time_checks_may_be_turned_off_or_set_by_difference()
    {
        Assert.Null(RolloutRules.ValidateGuardrails(new Guardrails(MaxScoreTimeRatio: 0)));
        Assert.Null(RolloutRules.ValidateGuardrails(new Guardrails(MaxScoreTimeRatio: 1, MaxScoreTimeDeltaUs: 5)));
    }
}
