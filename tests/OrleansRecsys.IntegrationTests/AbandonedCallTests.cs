using Orleans.Runtime;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A rank call that reaches the ranking grain after its caller has answered <c>deadline</c> without it (it waited in the
/// silo's queues past the caller's deadline and grace) is answered at once and not scored: nobody reads that answer, and
/// scored it would count as a good answer for the version's circuit breaker although its caller got a fallback.
/// </summary>
public sealed class AbandonedCallTests(AbandonedCallTests.Grid grid) : IClassFixture<AbandonedCallTests.Grid>
{
    private static readonly string[] Candidates = ["ab-i1", "ab-i2", "ab-i3"];

    [Fact]
    public async Task A_call_whose_caller_has_answered_already_is_not_scored_and_ends_as_a_deadline()
    {
        var answer = await RankAnnouncingAsync(DateTimeOffset.UtcNow.AddMilliseconds(-5));

        Assert.True(answer.Fallback);
        Assert.Equal(FallbackReasons.Deadline, answer.FallbackReason);
        Assert.Empty(answer.Items);
    }

    [Fact]
    public async Task A_call_whose_caller_still_waits_is_scored()
    {
        var answer = await RankAnnouncingAsync(DateTimeOffset.UtcNow.AddSeconds(30));

        Assert.False(answer.Fallback, $"the model must answer ({answer.FallbackReason})");
        Assert.Equal(Candidates.Length, answer.Items.Length);
    }

    /// <summary>A rank as a caller makes it: with the moment it stops waiting in the call's request context.</summary>
    private async Task<RankResponse> RankAnnouncingAsync(DateTimeOffset callerAnswersAt)
    {
        try
        {
            CallerWait.AnnounceAt(callerAnswersAt);
            return await grid.Host.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest("ab-user", Candidates, 3, ModelNames.Default));
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    /// <summary>A silo of its own (memory storage, mock Kafka, the demo ranker).</summary>
    public sealed class Grid : IAsyncLifetime
    {
        private IDisposable? _kafka;
        private string _store = "";

        public GridHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            (var holder, var kafka) = MockKafkaCluster.Start();
            _kafka = holder;
            _store = Directory.CreateTempSubdirectory("recsys-abandoned-").FullName;
            Host = await GridHost.StartAsync(kafka, null, "abandoned", _store);
            await TestInfra.WaitUntil(async () => !(await Host.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest("ab-user", Candidates, 3, ModelNames.Default))).Fallback,
                TimeSpan.FromSeconds(60), "the demo ranker to serve");
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            _kafka?.Dispose();
            Directory.Delete(_store, true);
        }
    }
}
