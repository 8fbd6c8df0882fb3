using Google.Protobuf.Collections;
using Google.Rpc;
using Grpc.Core;
using OrleansRecsys.Api;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.Rpc.Tests;

public sealed class RpcMappingTests
{
    [Fact]
    public void Absent_optional_fields_become_null_so_the_shared_rules_resolve_the_defaults()
    {
        var request = new V1.RankRequest { UserId = "u1" };
        request.Candidates.Add(["i1", "i2"]);

        var body = RpcMapping.ToBody(request);

        Assert.Equal(("u1", (int?)null, (string?)null, (int?)null), (body.UserId, body.K, body.Model, body.DeadlineMs));
        Assert.Equal(["i1", "i2"], body.Candidates!);
    }

    [Fact]
    public void Explain_and_a_pinned_version_reach_the_shared_body_and_contributions_come_back_per_item()
    {
        var request = new V1.RankRequest { UserId = "u1", Explain = true, Version = "v2" };
        request.Candidates.Add("i1");
        var recommend = RpcMapping.ToBody(new V1.RecommendRequest { UserId = "u1", K = 1, Explain = true });
        var answer = new RankResponse("r1", "ranker", "v2", Variants.Pinned, false, null, DateTimeOffset.UnixEpoch,
            [new RankedItem("i1", 0.5, [new FeatureContribution("item_price", 20, 12.5, -0.25)])]);

        var body = RpcMapping.ToBody(request);
        var item = RpcMapping.ToMessage(answer).Items[0];

        Assert.Equal((true, "v2"), (body.Explain, body.Version));
        Assert.True(recommend.Explain);
        var contribution = Assert.Single(item.Contributions);
        Assert.Equal(("item_price", 20.0, 12.5, -0.25), (contribution.Feature, contribution.Value, contribution.Reference, contribution.Contribution));
    }

    [Fact]
    public void A_zero_that_was_sent_stays_zero_so_the_rules_refuse_it()
    {
        var body = RpcMapping.ToBody(new V1.RecommendRequest { UserId = "u1", K = 0, DeadlineMs = 0 });

        Assert.Equal((0, 0), (body.K, body.DeadlineMs));
        Assert.Equal("k", RequestRules.Recommend(body.UserId, body.K, body.Model, body.Exclude, body.DeadlineMs)?.Field);
    }

    [Fact]
    public void A_recommendations_request_keeps_absent_fields_null_and_carries_the_category()
    {
        var bare = RpcMapping.ToQuery(new V1.GetRecommendationsRequest { UserId = "u1" });
        var full = RpcMapping.ToQuery(new V1.GetRecommendationsRequest
        {
            UserId = "u1", K = 0, Model = "ranker", Category = "books", MaxAgeSeconds = 60, DeadlineMs = 40,
        });

        Assert.Equal(new RecommendationsQuery("u1", null, null, null, null, null), bare);
        Assert.Equal(new RecommendationsQuery("u1", 0, "ranker", 60, 40, "books"), full);
    }

    [Fact]
    public void A_precomputed_answer_carries_its_run_time_and_a_popular_one_leaves_them_out()
    {
        var computedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var precomputed = new RecommendationsResponse("u1", RecommendationSources.Precomputed, RecommendationReasons.Fresh, "ranker", "v1",
            computedAt, "ranker-run-2", false, null, [new RankedItem("i1", 0.5, Source: "category")]);
        var popular = new RecommendationsResponse("u2", RecommendationSources.Popular, RecommendationReasons.NoHistory, "ranker", null,
            null, null, false, null, [new RankedItem("i2", 3)]);

        var fresh = RpcMapping.ToMessage(precomputed);
        var cold = RpcMapping.ToMessage(popular);

        Assert.Equal(("u1", "precomputed", "fresh", "ranker", "v1", "ranker-run-2"), (fresh.UserId, fresh.Source, fresh.Reason, fresh.Model, fresh.Version, fresh.RunId));
        Assert.Equal(computedAt, fresh.ComputedAt.ToDateTimeOffset());
        Assert.Equal(("i1", 0.5, "category"), (fresh.Items[0].ItemId, fresh.Items[0].Score, fresh.Items[0].Source));
        Assert.Equal(("popular", "no_history"), (cold.Source, cold.Reason));
        Assert.False(cold.HasVersion);
        Assert.False(cold.HasRunId);
        Assert.Null(cold.ComputedAt);
        Assert.Equal("i2", Assert.Single(cold.Items).ItemId);
    }

    [Fact]
    public void A_popularity_answer_has_no_version_and_names_its_fallback_reason()
    {
        var asOf = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var answer = new RankResponse("r1", "ranker", null, Variants.None, true, FallbackReasons.Deadline, asOf, [new RankedItem("i1", 0.5)]);

        var message = RpcMapping.ToMessage(answer);

        Assert.False(message.HasVersion);
        Assert.Equal(FallbackReasons.Deadline, message.FallbackReason);
        Assert.Equal(asOf, message.AsOf.ToDateTimeOffset());
        Assert.Equal(("i1", 0.5), (message.Items[0].ItemId, message.Items[0].Score));
    }

    [Fact]
    public void An_online_recommendations_fallback_names_its_reason_and_an_answer_without_one_leaves_it_out()
    {
        var fallback = new RecommendationsResponse("u1", RecommendationSources.Online, RecommendationReasons.Missing, "ranker", null,
            null, null, true, FallbackReasons.Deadline, [new RankedItem("i1", 0.5)]);
        var served = fallback with { Version = "v3", Fallback = false, FallbackReason = null };

        var fellBack = RpcMapping.ToMessage(fallback);
        var scored = RpcMapping.ToMessage(served);

        Assert.Equal((true, FallbackReasons.Deadline, false), (fellBack.Fallback, fellBack.FallbackReason, fellBack.HasVersion));
        Assert.Equal((false, "v3"), (scored.HasFallbackReason, scored.Version));
        Assert.Equal("i1", Assert.Single(scored.Items).ItemId);
    }

    [Fact]
    public void Every_kind_of_feature_keeps_its_name_and_values()
    {
        var snapshot = new FeatureSnapshot("u1", 1_000, 900,
            new() { ["clicks"] = 3 }, new() { ["segment"] = "new" },
            new() { ["cat_clicks"] = new() { ["toys"] = 2 } }, new() { ["recent_items"] = [new RecentKey("i9", 800)] });

        var message = RpcMapping.ToMessage(snapshot);

        Assert.Equal(3, message.Numbers["clicks"]);
        Assert.Equal("new", message.Labels["segment"]);
        Assert.Equal(2, message.Keyed["cat_clicks"].Values["toys"]);
        Assert.Equal("i9", message.Recent["recent_items"].Keys[0].Key);
        Assert.Equal(800, message.Recent["recent_items"].Keys[0].LastSeen.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(900, message.LastEvent.ToDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Context_texts_and_numbers_become_the_serving_context_by_key()
    {
        var context = new MapField<string, V1.ContextValue>
        {
            ["ctx_device"] = new() { Text = "mobile" },
            ["ctx_hour"] = new() { Number = 13 },
        };

        var serving = RpcMapping.ToContext(context)!;

        Assert.Equal("mobile", serving.Labels["ctx_device"]);
        Assert.Equal(13, serving.Numbers["ctx_hour"]);
        Assert.Equal(2, serving.Count);
    }

    [Fact]
    public void An_empty_context_is_no_context_as_a_json_body_without_one() =>
        Assert.Null(RpcMapping.ToContext(new MapField<string, V1.ContextValue>()));

    [Fact]
    public void A_context_value_with_neither_text_nor_number_is_invalid_argument_naming_context_key()
    {
        var context = new MapField<string, V1.ContextValue> { ["ctx_hour"] = new() { Number = 9 }, ["ctx_device"] = new() };

        var error = Assert.Throws<RpcException>(() => RpcMapping.ToContext(context));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("context.ctx_device", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }
}
