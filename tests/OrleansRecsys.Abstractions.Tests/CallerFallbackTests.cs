using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace OrleansRecsys.Abstractions.Tests;

public sealed class CallerFallbackTests
{
    private static readonly RankResponse Answer = new("r1", "ranker", "v1", Variants.Stable, false, null, DateTimeOffset.UnixEpoch, []);
    private static readonly DateTimeOffset TakenAt = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static PopularitySnapshot Popular() =>
        PopularitySnapshot.From([new("p1", 9, 0), new("p2", 5, 0), new("p3", 2, 0)], TakenAt);

    [Fact]
    public async Task The_grids_answer_within_the_wait_is_returned()
    {
        var (answer, reason) = await CallerDeadline.AwaitAsync(ValueTask.FromResult(Answer), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Same(Answer, answer);
        Assert.Null(reason);
    }

    [Fact]
    public async Task A_call_that_never_answers_is_abandoned_at_the_wait_with_the_deadline_reason()
    {
        var never = new TaskCompletionSource<RankResponse>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (answer, reason) = await CallerDeadline.AwaitAsync(new ValueTask<RankResponse>(never.Task), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Null(answer);
        Assert.Equal(FallbackReasons.Deadline, reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"waited {started.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_failed_connection_or_a_dead_silo_is_silo_unavailable_and_a_timeout_is_the_deadline()
    {
        Assert.Equal(FallbackReasons.SiloUnavailable, await ReasonAsync(new ConnectionFailedException("connection reset")));
        Assert.Equal(FallbackReasons.SiloUnavailable, await ReasonAsync(new SiloUnavailableException("dead")));
        Assert.Equal(FallbackReasons.SiloUnavailable, await ReasonAsync(new OrleansException("wrapped", new ConnectionFailedException("reset"))));
        Assert.Equal(FallbackReasons.Deadline, await ReasonAsync(new TimeoutException("response timed out")));
    }

    [Fact]
    public async Task Other_failures_and_the_callers_cancellation_are_not_fallbacks()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReasonAsync(new InvalidOperationException("a bug")));
        using var cancelled = new CancellationTokenSource();
        var never = new TaskCompletionSource<RankResponse>();
        var waiting = CallerDeadline.AwaitAsync(new ValueTask<RankResponse>(never.Task), TimeSpan.FromMinutes(1), cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task An_unknown_model_from_the_grid_reaches_the_caller_as_itself_not_as_a_popularity_answer()
    {
        var thrown = await Assert.ThrowsAsync<UnknownModelException>(() => ReasonAsync(new UnknownModelException("rankr")));

        Assert.Equal("rankr", thrown.Model);
        Assert.Contains("'rankr' is not registered", thrown.Message);
    }

    [Fact]
    public void An_unknown_model_exception_keeps_the_model_name_across_the_wire()
    {
        var serializer = new ServiceCollection().AddSerializer()
            .BuildServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<UnknownModelException>(serializer.SerializeToArray(new UnknownModelException("rankr")));

        Assert.NotNull(copy);
        Assert.Equal("rankr", copy.Model);
        Assert.Contains("'rankr' is not registered", copy.Message);
    }

    [Fact]
    public void A_rank_fallback_orders_the_candidates_by_the_snapshot_and_says_why()
    {
        var request = new RankRequest("u1", ["x", "p3", "p1", "y"], 3, "ranker", null, 50);

        var response = CallerFallback.Rank(request, Popular(), FallbackReasons.SiloUnavailable);

        Assert.True(response.Fallback);
        Assert.Equal(FallbackReasons.SiloUnavailable, response.FallbackReason);
        Assert.Equal(Variants.None, response.Variant);
        Assert.Null(response.Version);
        Assert.Equal(TakenAt, response.AsOf);
        Assert.Equal([("p1", 9.0), ("p3", 2.0), ("x", 0.0)], response.Items.Select(i => (i.ItemId, i.Score)));
    }

    [Fact]
    public void A_recommend_fallback_is_the_snapshots_top_without_the_excluded_items()
    {
        var request = new RecommendRequest("u1", 2, "ranker", ["p1"], null, 50);

        var response = CallerFallback.Recommend(request, Popular(), FallbackReasons.Deadline);

        Assert.Equal(FallbackReasons.Deadline, response.FallbackReason);
        Assert.Equal(["p2", "p3"], response.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Before_any_snapshot_rank_keeps_the_candidates_order_and_recommend_is_empty()
    {
        var rank = CallerFallback.Rank(new RankRequest("u1", ["b", "a"], 2, "ranker"), PopularitySnapshot.Empty, FallbackReasons.Deadline);
        var recommend = CallerFallback.Recommend(new RecommendRequest("u1", 5, "ranker", []), PopularitySnapshot.Empty, FallbackReasons.Deadline);

        Assert.Equal(["b", "a"], rank.Items.Select(i => i.ItemId));
        Assert.Empty(recommend.Items);
    }

    private static async Task<string?> ReasonAsync(Exception failure) =>
        (await CallerDeadline.AwaitAsync(new ValueTask<RankResponse>(Task.FromException<RankResponse>(failure)), TimeSpan.FromSeconds(1), CancellationToken.None))
        .FallbackReason;
}
