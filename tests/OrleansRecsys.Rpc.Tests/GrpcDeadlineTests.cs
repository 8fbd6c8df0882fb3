using Grpc.Core;
using Microsoft.Extensions.Options;
using OrleansRecsys.Api;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.Rpc.Tests;

/// <summary>The call's deadline as the request's deadline_ms: it caps a longer one, and an expired call is never served.</summary>
public sealed class GrpcDeadlineTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ServingOptions Serving = new() { DefaultDeadlineMs = 50, DeadlineGraceMs = 30 };

    [Fact]
    public void A_call_without_a_deadline_keeps_the_request_s_deadline_or_its_absence()
    {
        Assert.Equal(5000, GrpcDeadline.Cap(5000, DateTime.MaxValue, Now, Serving));
        Assert.Null(GrpcDeadline.Cap(null, DateTime.MaxValue, Now, Serving));
    }

    [Fact]
    public void A_call_deadline_shorter_than_deadline_ms_caps_it_less_the_grace_and_a_tenth_so_the_fallback_arrives_in_time() =>
        Assert.Equal(420, GrpcDeadline.Cap(10_000, Now.AddMilliseconds(500), Now, Serving));

    [Fact]
    public void A_call_deadline_shorter_than_the_default_caps_a_request_that_gives_none() =>
        Assert.Equal(33, GrpcDeadline.Cap(null, Now.AddMilliseconds(70), Now, Serving));

    [Fact]
    public void A_call_deadline_with_room_to_spare_leaves_the_request_as_it_is()
    {
        Assert.Equal(200, GrpcDeadline.Cap(200, Now.AddSeconds(5), Now, Serving));
        Assert.Null(GrpcDeadline.Cap(null, Now.AddSeconds(5), Now, Serving));
    }

    [Fact]
    public void A_call_deadline_inside_the_grace_still_leaves_the_least_deadline() =>
        Assert.Equal(RequestLimits.MinDeadlineMs, GrpcDeadline.Cap(100, Now.AddMilliseconds(10), Now, Serving));

    [Fact]
    public void A_deadline_ms_that_breaks_the_rules_is_left_for_the_rules_to_refuse_by_name() =>
        Assert.Equal(0, GrpcDeadline.Cap(0, Now.AddSeconds(1), Now, Serving));

    [Fact]
    public void An_expired_call_deadline_is_deadline_exceeded()
    {
        var error = Assert.Throws<RpcException>(() => GrpcDeadline.Cap(100, Now, Now, Serving));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task An_expired_rank_or_recommend_is_answered_before_the_serving_path_is_touched()
    {
        // No serving path at all: reaching it would throw a NullReferenceException instead of the status.
        var service = new ServingService(null!, Options.Create(Serving));
        var expired = new FakeServerCallContext("/recsys.v1.Serving/Rank", DateTime.UtcNow.AddSeconds(-1));
        var rank = new V1.RankRequest { UserId = "u1", DeadlineMs = 5000 };
        rank.Candidates.Add("i1");

        var rankError = await Assert.ThrowsAsync<RpcException>(() => service.Rank(rank, expired));
        var recommendError = await Assert.ThrowsAsync<RpcException>(() => service.Recommend(new V1.RecommendRequest { UserId = "u1", K = 3 }, expired));

        Assert.Equal(StatusCode.DeadlineExceeded, rankError.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, recommendError.StatusCode);
    }
}
