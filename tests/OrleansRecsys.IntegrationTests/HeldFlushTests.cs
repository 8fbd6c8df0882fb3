using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A feature grain's flush does not hold its applies up: while its write is held in storage, the grain takes and
/// serves new events, the flush answers only what the write covered, a second flush waits for the first (never two
/// writes of one grain at once), and a refused write leaves nothing reported durable, its events written by the next.
/// Durable state on a storage whose writes the test holds and refuses (<see cref="GatedGrainStorage"/>).
/// </summary>
public sealed class HeldFlushTests
{
    private const string Source = "held/0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_user_grain_applies_and_serves_events_while_its_flush_is_in_flight_and_reports_durable_only_what_was_written()
    {
        await WithDurableGatedGridAsync(async (host, storage) =>
        {
            var user = host.Grains.GetGrain<IUserFeatureStateGrain>("held-u1");
            await ApplyAsync(user, 1, 3);
            var gate = storage.HoldNextWrite(StateNames.User);
            var flush = user.FlushAsync().AsTask();
            await gate.Entered.WaitAsync(Patience);

            var applied = await ApplyAsync(user, 4, 5).WaitAsync(Patience);
            Assert.Equal(2, applied.Applied);
            Assert.Equal(5, await EventsAsync(user));
            var second = user.FlushAsync().AsTask();
            Assert.False(flush.IsCompleted, "the first flush answered while its write was held");

            gate.Release(fail: false);
            Assert.Equal(3, (await flush.WaitAsync(Patience)).Durable[Source]);
            Assert.Equal(5, (await second.WaitAsync(Patience)).Durable[Source]);
            Assert.Equal(1, storage.MostWritesInFlightForOneGrain);
        });
    }

    [Fact]
    public async Task A_refused_write_reports_nothing_durable_and_the_next_flush_writes_the_live_state_with_what_came_meanwhile()
    {
        await WithDurableGatedGridAsync(async (host, storage) =>
        {
            var user = host.Grains.GetGrain<IUserFeatureStateGrain>("held-u2");
            await ApplyAsync(user, 1, 2);
            Assert.Equal(2, (await user.FlushAsync()).Durable[Source]);
            await ApplyAsync(user, 3, 4);
            var gate = storage.HoldNextWrite(StateNames.User);
            var flush = user.FlushAsync().AsTask();
            await gate.Entered.WaitAsync(Patience);
            await ApplyAsync(user, 5, 6).WaitAsync(Patience);

            gate.Release(fail: true);
            await Assert.ThrowsAnyAsync<Exception>(() => flush.WaitAsync(Patience));
            Assert.Equal(6, (await user.FlushAsync()).Durable[Source]);
            Assert.Equal(6, await EventsAsync(user));
        });
    }

    private static async Task WithDurableGatedGridAsync(Func<GridHost, GatedGrainStorage, Task> body) =>
        await TestInfra.WithOwnKafkaAsync("held-flush", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "held-flush", store, train: false, services: services =>
            {
                services.AddKeyedSingleton<IGrainStorage, GatedGrainStorage>(StorageNames.Recsys);
                // Durable as with PostgreSQL: flushes write, and answer what storage holds.
                services.PostConfigure<GridOptions>(o => o.DurableState = true);
            });
            await body(host, (GatedGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys));
        });

    /// <summary>Applies one click per offset from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static Task<ApplyResult> ApplyAsync(IUserFeatureStateGrain user, long first, long last)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var events = new List<SourcedEvent>();
        for (var offset = first; offset <= last; offset++)
        {
            events.Add(new SourcedEvent(Source, offset, new Interaction($"held-{user.GetPrimaryKeyString()}-{offset}", user.GetPrimaryKeyString(), "held-i1",
                InteractionType.Click, now - 1_000 + offset, 0, null), null));
        }

        return user.ApplyAsync(new ApplyBatch(events.ToArray(), [])).AsTask();
    }

    private static async Task<double> EventsAsync(IUserFeatureStateGrain user) =>
        (await user.GetFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Numbers["user_events_total"];
}
