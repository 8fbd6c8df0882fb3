namespace OrleansRecsys.Abstractions.Tests;

public sealed class RolloutArmsTests
{
    private static RolloutPlan Plan(params RolloutArm[] arms) =>
        new("ranker", "v1", arms.Length == 0 ? null : arms[0].Version, arms.Length == 0 ? 0 : RolloutArms.Percent(arms[0].Weight), [], "ranker",
            new Guardrails(), 3, arms.Length == 0 ? null : arms);

    private static readonly string[] Users = Enumerable.Range(0, 20_000).Select(i => "user-" + i).ToArray();

    [Fact]
    public void Arms_own_consecutive_bucket_ranges_in_the_order_the_plan_lists_them_and_the_stable_serves_the_rest()
    {
        var plan = Plan(new RolloutArm("a", 1000), new RolloutArm("b", 2500), new RolloutArm("c", 500));

        for (var bucket = 0; bucket < RolloutMath.Buckets; bucket++)
        {
            var expected = bucket < 1000 ? "a" : bucket < 3500 ? "b" : bucket < 4000 ? "c" : null;
            Assert.Equal(expected, RolloutArms.VersionAt(plan, bucket));
        }
    }

    [Fact]
    public void A_user_is_routed_by_their_bucket_and_keeps_their_arm_on_every_call()
    {
        var plan = Plan(new RolloutArm("a", 3000), new RolloutArm("b", 3000), new RolloutArm("c", 3000));

        foreach (var user in Users.Take(2000))
        {
            var armVersion = RolloutArms.VersionAt(plan, RolloutMath.Bucket("ranker", user));
            var expected = armVersion is null ? (Variants.Stable, "v1") : (Variants.Canary, armVersion);
            Assert.Equal(expected, RolloutMath.Route(plan, user));
            Assert.Equal(RolloutMath.Route(plan, user), RolloutMath.Route(plan with { Revision = 9 }, user));
        }
    }

    [Fact]
    public void A_single_canary_is_arm_zero_and_routes_every_user_as_the_canary_fields_alone_do()
    {
        var canaryOnly = new RolloutPlan("ranker", "v1", "v2", 12.5m, [], "ranker", new Guardrails(), 3);
        var asArm = canaryOnly with { Arms = [new RolloutArm("v2", 1250)] };

        Assert.Equal([new RolloutArm("v2", 1250)], RolloutArms.Of(canaryOnly));
        Assert.Equal((1, true, false), (RolloutArms.Count(canaryOnly), RolloutArms.Contains(canaryOnly, "v2"), RolloutArms.Contains(canaryOnly, "v1")));
        foreach (var user in Users.Take(5000))
        {
            var canary = RolloutMath.Bucket("ranker", user) < 1250;
            Assert.Equal(canary ? (Variants.Canary, "v2") : (Variants.Stable, "v1"), RolloutMath.Route(canaryOnly, user));
            Assert.Equal(RolloutMath.Route(canaryOnly, user), RolloutMath.Route(asArm, user));
        }
    }

    [Fact]
    public void A_plan_without_arms_or_canary_serves_everyone_the_stable_version()
    {
        var plan = Plan();

        Assert.Empty(RolloutArms.Of(plan));
        Assert.All(Users.Take(500), user => Assert.Equal((Variants.Stable, "v1"), RolloutMath.Route(plan, user)));
    }

    [Fact]
    public void The_split_of_20000_users_matches_the_weights_within_four_standard_deviations()
    {
        var plan = Plan(new RolloutArm("a", 2000), new RolloutArm("b", 1500), new RolloutArm("c", 500));
        var counts = Users.GroupBy(u => RolloutMath.Route(plan, u).Version).ToDictionary(g => g.Key!, g => g.Count());

        foreach (var (version, share) in new[] { ("a", 0.20), ("b", 0.15), ("c", 0.05), ("v1", 0.60) })
        {
            var sd = Math.Sqrt(Users.Length * share * (1 - share));
            Assert.InRange(counts[version], (Users.Length * share) - (4 * sd), (Users.Length * share) + (4 * sd));
        }
    }

    [Fact]
    public void A_weight_change_moves_only_the_users_whose_bucket_leaves_their_arms_range()
    {
        var before = Plan(new RolloutArm("a", 1000), new RolloutArm("b", 2000));
        var after = Plan(new RolloutArm("a", 1500), new RolloutArm("b", 1000));
        var moved = 0;
        foreach (var user in Users)
        {
            var bucket = RolloutMath.Bucket("ranker", user);
            var (was, now) = (RolloutMath.Route(before, user).Version, RolloutMath.Route(after, user).Version);
            // a: [0,1000) then [0,1500); b: [1000,3000) then [1500,2500): users in both ranges of an arm stay on it.
            var overlapping = bucket < 1000 || (bucket >= 1500 && bucket < 2500) || bucket >= 3000;
            Assert.True(!overlapping || was == now, $"{user} (bucket {bucket}) moved from {was} to {now}");
            moved += was == now ? 0 : 1;
        }

        // Only [1000,1500) (b to a) and [2500,3000) (b to stable) change: about 10% of users.
        Assert.InRange(moved, Users.Length * 0.08, Users.Length * 0.12);
    }

    [Fact]
    public void Growing_the_last_arm_keeps_every_user_of_the_earlier_arms_and_only_adds_stable_users_to_it()
    {
        var before = Plan(new RolloutArm("a", 1000), new RolloutArm("b", 1000));
        var after = Plan(new RolloutArm("a", 1000), new RolloutArm("b", 3000));

        foreach (var user in Users)
        {
            var (was, now) = (RolloutMath.Route(before, user).Version, RolloutMath.Route(after, user).Version);
            Assert.True(was == now || (was == "v1" && now == "b"), $"{user} moved from {was} to {now}");
        }
    }

    public static TheoryData<RolloutArm?[], string> BadArms() => new()
    {
        { Enumerable.Range(0, 9).Select(i => new RolloutArm("v" + (i + 2), 100)).ToArray(), "arms" },
        { [new RolloutArm("v2", 100), new RolloutArm("Not A Version", 100)], "arms[1].version" },
        { [new RolloutArm("v2", -1)], "arms[0].weight" },
        { [new RolloutArm("v2", 10_001)], "arms[0].weight" },
        { [new RolloutArm("v2", 100), new RolloutArm("v3", 100), new RolloutArm("v2", 100)], "arms[2].version" },
        { [new RolloutArm("v2", 6000), new RolloutArm("v3", 4001)], "arms" },
        { [null], "arms[0]" },
    };

    [Theory]
    [MemberData(nameof(BadArms))]
    public void An_arms_list_of_the_wrong_shape_is_refused_naming_the_field(RolloutArm?[] arms, string field)
    {
        var violation = RolloutArms.Validate(arms);

        Assert.NotNull(violation);
        Assert.Equal(field, violation.Value.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Value.Message));
    }

    [Fact]
    public void Eight_arms_that_fill_the_whole_range_and_an_empty_list_are_accepted()
    {
        Assert.Null(RolloutArms.Validate(Enumerable.Range(0, 8).Select(i => new RolloutArm("v" + (i + 2), 1250)).ToArray()));
        Assert.Null(RolloutArms.Validate([]));
        Assert.Null(RolloutArms.Validate([new RolloutArm("v2", 0)]));
    }
}
