using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests.Candidates;

public sealed class CoVisitationTests
{
    [Fact]
    public void Each_item_counts_the_items_its_users_touched_within_the_window_before_it()
    {
        var world = new CandidateWorld();
        world.Apply("u1", "a", InteractionType.View, 0);
        world.Apply("u1", "b", InteractionType.View, 1);
        world.Apply("u1", "c", InteractionType.Click, 2);
        world.Apply("u1", "d", InteractionType.View, 45);  // more than 30 minutes after c: a new visit
        world.Apply("u2", "b", InteractionType.View, 0);
        world.Apply("u2", "c", InteractionType.View, 10);

        Assert.Empty(world.CoVisits("a"));
        Assert.Equal([("a", 1)], world.CoVisits("b"));
        Assert.Equal([("b", 2), ("a", 1)], world.CoVisits("c"));
        Assert.Empty(world.CoVisits("d"));
    }

    [Fact]
    public void Another_event_on_an_item_already_touched_within_the_window_counts_no_pair_again()
    {
        var world = new CandidateWorld();
        world.Apply("u1", "a", InteractionType.View, 0);
        world.Apply("u1", "b", InteractionType.View, 1);
        world.Apply("u1", "b", InteractionType.Click, 2);
        world.Apply("u1", "b", InteractionType.Purchase, 3);

        Assert.Equal([("a", 1)], world.CoVisits("b"));
    }

    [Fact]
    public void An_event_type_left_out_of_co_visitation_neither_makes_pairs_nor_is_paired()
    {
        var world = new CandidateWorld(new CandidateOptions { CoVisitation = { EventTypes = ["click", "purchase"] } });
        world.Apply("u1", "a", InteractionType.View, 0);
        world.Apply("u1", "b", InteractionType.Click, 1);
        world.Apply("u1", "c", InteractionType.View, 2);
        world.Apply("u1", "d", InteractionType.Purchase, 3);

        Assert.Empty(world.CoVisits("b")); // a was only viewed
        Assert.Empty(world.CoVisits("c")); // views make no pairs
        Assert.Equal([("b", 1)], world.CoVisits("d"));
    }

    [Fact]
    public void A_new_event_is_paired_with_at_most_the_configured_number_of_earlier_items_the_newest_first()
    {
        var world = new CandidateWorld(new CandidateOptions { CoVisitation = { MaxPairsPerEvent = 2 } });
        foreach (var (item, minute) in new[] { ("a", 0), ("b", 1), ("c", 2), ("d", 3) })
        {
            world.Apply("u1", item, InteractionType.View, minute);
        }

        Assert.Equal([("b", 1), ("c", 1)], world.CoVisits("d"));
    }

    [Fact]
    public void The_sketch_keeps_at_most_top_n_items_and_always_the_heavy_hitters()
    {
        var sketch = new CoVisitSketch();
        for (var round = 0; round < 50; round++)
        {
            sketch.Add("heavy", capacity: 4);
            sketch.Add($"once-{round}", capacity: 4);
        }

        var top = sketch.Top(10);
        Assert.Equal(4, top.Length);
        Assert.Equal(("heavy", 50), top[0]);
        Assert.Equal(100, sketch.Total); // space-saving: the counters always sum to what was counted
    }

    [Fact]
    public void A_hand_built_stream_with_more_neighbours_than_counters_keeps_the_heavy_hitters_with_exact_counts()
    {
        var world = new CandidateWorld(new CandidateOptions { CoVisitation = { TopN = 3 } });
        var visits = new[] { ("x", 10), ("y", 9), ("p1", 1), ("p2", 1), ("p3", 1), ("p4", 1), ("p5", 1) };
        var user = 0;
        foreach (var (neighbour, times) in visits)
        {
            for (var t = 0; t < times; t++, user++)
            {
                world.Apply($"u{user}", neighbour, InteractionType.View, 0);
                world.Apply($"u{user}", "target", InteractionType.View, 1);
            }
        }

        // 24 co-visits, 3 counters: every item co-visited more than 24/3 times is kept, and these two were never
        // displaced, so their counts are exact. The singletons took turns in the last counter, each starting from the
        // count it replaced: 5 for the last one, an overestimate bounded by what it replaced.
        Assert.Equal([("x", 10), ("y", 9), ("p5", 5)], world.CoVisits("target"));
        Assert.Empty(world.CoVisits("x"));
    }
}
