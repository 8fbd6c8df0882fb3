namespace OrleansRecsys.Abstractions.Tests;

/// <summary>The pure parts of the batch contract: shard hashing, segments, run ids and input rules.</summary>
public sealed class BatchContractTests
{
    [Theory]
    [InlineData("", 2166136261u)]
    [InlineData("a", 723832900u)]
    [InlineData("u42", 4037846918u)]
    [InlineData("user-1", 1025879272u)]
    public void The_shard_hash_is_fnv_1a_over_utf16_code_units_and_the_same_in_every_process(string userId, uint expected)
    {
        Assert.Equal(expected, ActivityShards.Fnv1a(userId));
        Assert.Equal((int)(expected % ActivityShards.Count), ActivityShards.Of(userId));
    }

    [Fact]
    public void Users_spread_over_every_shard_without_a_crowded_one()
    {
        var perShard = new int[ActivityShards.Count];
        for (var i = 0; i < 64_000; i++)
        {
            perShard[ActivityShards.Of($"user-{i}")]++;
        }

        // 1,000 per shard on average; a hash that ignored part of the id would leave shards empty or crowd a few.
        Assert.All(perShard, count => Assert.InRange(count, 800, 1200));
    }

    [Theory]
    [InlineData("all", 0)]
    [InlineData("active-24h", 24)]
    [InlineData("active-1h", 1)]
    [InlineData("active-7d", 168)]
    [InlineData("active-90d", 2160)]
    public void Segments_name_their_window(string segment, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), BatchSegment.Window(segment));
        Assert.Null(BatchRules.Segment(segment));
    }

    [Theory]
    [InlineData("")]
    [InlineData("weekly")]
    [InlineData("active-")]
    [InlineData("active-0h")]
    [InlineData("active--1h")]
    [InlineData("active-+2h")]
    [InlineData("active-2w")]
    [InlineData("active-91d")]
    [InlineData("ACTIVE-2h")]
    [InlineData("active-99999999999h")]
    public void Anything_else_is_not_a_segment_and_is_refused_naming_the_field(string segment)
    {
        Assert.Null(BatchSegment.Window(segment));
        Assert.Equal("segment", BatchRules.Segment(segment)?.Field);
    }

    [Fact]
    public void A_segment_starts_its_users_at_now_minus_its_window_and_all_at_zero()
    {
        Assert.Equal(100_000_000 - 24 * 3_600_000L, BatchSegment.ActiveSinceMs("active-24h", 100_000_000));
        Assert.Equal(0, BatchSegment.ActiveSinceMs(BatchSegment.All, 1_000_000));
    }

    [Theory]
    [InlineData("ranker", 3)]
    [InlineData("my-model", 12)]
    [InlineData("a-run-1", 2)]
    public void Run_ids_carry_their_model_and_sequence(string model, long sequence)
    {
        var id = BatchRunIds.Format(model, sequence);
        Assert.True(BatchRunIds.TryParse(id, out var parsedModel, out var parsedSequence));
        Assert.Equal((model, sequence), (parsedModel, parsedSequence));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ranker")]
    [InlineData("ranker-run-")]
    [InlineData("ranker-run-0")]
    [InlineData("ranker-run--2")]
    [InlineData("-run-3")]
    [InlineData("Ranker-run-3")]
    [InlineData("ranker-run-3x")]
    public void Anything_else_is_not_a_run_id(string? id)
    {
        Assert.False(BatchRunIds.TryParse(id, out _, out _));
        Assert.Equal("id", BatchRules.RunId(id)?.Field);
    }

    [Fact]
    public void Recommendation_requests_are_checked_in_field_order()
    {
        Assert.Null(BatchRules.Recommendations("u1", null, null, null));
        Assert.Equal("userId", BatchRules.Recommendations(new string('u', RequestLimits.MaxIdLength + 1), 0, "Bad", 0)?.Field);
        Assert.Equal("k", BatchRules.Recommendations("u1", RequestLimits.MaxK + 1, "Bad", 0)?.Field);
        Assert.Equal("model", BatchRules.Recommendations("u1", 3, "Bad", 0)?.Field);
        Assert.Equal("maxAgeSeconds", BatchRules.Recommendations("u1", 3, "ranker", 0)?.Field);
        Assert.Equal("maxAgeSeconds", BatchRules.Recommendations("u1", 3, "ranker", BatchRules.MaxAgeSecondsLimit + 1)?.Field);
        Assert.Null(BatchRules.Recommendations("u1", 3, "ranker", BatchRules.MaxAgeSecondsLimit));
        Assert.Equal("maxAgeSeconds", BatchRules.Recommendations("u1", 3, "ranker", 0, "")?.Field);
        Assert.Equal("category", BatchRules.Recommendations("u1", 3, "ranker", 60, "")?.Field);
        Assert.Equal("category", BatchRules.Recommendations("u1", 3, "ranker", 60, new string('c', RequestLimits.MaxIdLength + 1))?.Field);
        Assert.Null(BatchRules.Recommendations("u1", 3, "ranker", 60, "books"));
    }

    [Fact]
    public void Run_requests_are_checked_in_field_order()
    {
        Assert.Null(BatchRules.Run(null, null, null));
        Assert.Equal("model", BatchRules.Run("Bad", 0, "weekly")?.Field);
        Assert.Equal("k", BatchRules.Run("ranker", 0, "weekly")?.Field);
        Assert.Equal("segment", BatchRules.Run("ranker", 10, "weekly")?.Field);
    }
}
