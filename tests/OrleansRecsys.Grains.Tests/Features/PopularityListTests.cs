using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansRecsys.Grains.Features;

namespace OrleansRecsys.Grains.Tests.Features;

/// <summary>The list a popularity grain keeps and persists: newer reports win, the weakest go past the capacity, and
/// scores reported at different times are ranked as of one time.</summary>
public sealed class PopularityListTests
{
    private const long Now = 1_000_000_000;

    [Fact]
    public void A_newer_report_of_an_item_replaces_the_held_one_and_an_older_one_changes_nothing()
    {
        var list = new PopularityList();
        list.Merge([new PopularityEntry("i1", 5, Now)], Now);

        Assert.False(list.Merge([new PopularityEntry("i1", 9, Now - 1)], Now));
        Assert.Equal(5, list.Top(1, Now).Single().Score);
        Assert.True(list.Merge([new PopularityEntry("i1", 7, Now + 1)], Now + 1));
        Assert.Equal(7, list.Top(1, Now + 1).Single().Score);
    }

    [Fact]
    public void Past_the_capacity_the_weakest_entries_as_of_now_are_dropped()
    {
        var list = new PopularityList();
        var halfLife = (long)PopularityList.HalfLifeMs;
        // Scored 3 two half-lives ago, it is worth 0.75 now: weaker than every fresh entry of 1 or more.
        list.Merge([new PopularityEntry("old", 3, Now - (2 * halfLife))], Now);
        list.Merge(Enumerable.Range(0, PopularityList.Capacity).Select(i => new PopularityEntry("i" + i, 1 + i, Now)), Now);

        Assert.Equal(PopularityList.Capacity, list.Entries.Count);
        Assert.DoesNotContain("old", list.Entries.Keys);
        Assert.Equal(["i999", "i998"], list.Top(2, Now).Select(e => e.ItemId));
    }

    [Fact]
    public void The_list_survives_a_round_trip_through_the_grain_state_serializer()
    {
        var list = new PopularityList();
        list.Merge([new PopularityEntry("i1", 2, Now), new PopularityEntry("i2", 3, Now)], Now);

        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(PopularityList).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<PopularityList>(serializer.SerializeToArray(list));

        Assert.Equal(list.Top(2, Now), copy!.Top(2, Now));
    }
}
