using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo.Tests;

/// <summary>Feature state on the default memory storage and the per-silo item replica ranking reads.</summary>
public sealed class ItemReplicaTests
{
    [Fact]
    public async Task On_memory_storage_an_idle_grain_deactivated_and_activated_again_keeps_all_its_features()
    {
        var (holder, kafka) = KafkaBootstrap.StartMock();
        var store = Directory.CreateTempSubdirectory("recsys-memstate-").FullName;
        try
        {
            await using var host = await GridHost.StartAsync(kafka, null, "memstate", store, train: false);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var user = host.Grains.GetGrain<IUserFeatureGrain>("memstate-u1");
            var item = host.Grains.GetGrain<IItemFeatureGrain>("memstate-i1");
            await item.ApplyAsync(new ApplyBatch([new SourcedEvent("test/0", 0, null, new ItemUpsert("memstate-i1", "shoes", 12.5, [], now - 1000))], []));
            await user.ApplyAsync(new ApplyBatch(
            [
                new SourcedEvent("test/1", 0, new Interaction("e0", "memstate-u1", "memstate-i1", InteractionType.Click, now - 900, 0, null, "shoes"), null),
                new SourcedEvent("test/1", 1, new Interaction("e1", "memstate-u1", "memstate-i2", InteractionType.Purchase, now - 800, 30, null, "books"), null),
            ], []));
            var userBefore = await user.GetFeaturesAsync(now);
            var itemBefore = await item.GetFeaturesAsync(now);
            Assert.NotEmpty(userBefore.Recent["user_recent_items"]);
            Assert.NotEmpty(userBefore.Keyed["user_category_affinity"]);
            Assert.Equal("shoes", itemBefore.Labels["item_category"]);

            // Collect both activations (idle for over 1 s), so the next calls activate them from storage.
            await Task.Delay(1500);
            await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
            await Task.Delay(500);

            var userAfter = await user.GetFeaturesAsync(now);
            var itemAfter = await item.GetFeaturesAsync(now);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(userBefore), System.Text.Json.JsonSerializer.Serialize(userAfter));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(itemBefore), System.Text.Json.JsonSerializer.Serialize(itemAfter));

            // The watermarks came back too: the same offsets again change nothing.
            var replay = await user.ApplyAsync(new ApplyBatch([new SourcedEvent("test/1", 1, new Interaction("e1", "memstate-u1", "memstate-i2", InteractionType.Purchase, now - 800, 30, null, "books"), null)], []));
            Assert.Equal((0, 1), (replay.Applied, replay.Duplicates));
        }
        finally
        {
            holder.Dispose();
        }
    }

    [Fact]
    public async Task An_item_in_use_is_refreshed_in_the_background_before_its_staleness_bound()
    {
        var (holder, kafka) = KafkaBootstrap.StartMock();
        var store = Directory.CreateTempSubdirectory("recsys-replica-").FullName;
        try
        {
            const int boundMs = 4000;
            await using var host = await GridHost.StartAsync(kafka, null, "replica", store, train: false,
                new Dictionary<string, string?> { ["Recsys:Grid:ItemCacheMaxStalenessMs"] = boundMs.ToString() });
            var cache = host.Services.GetRequiredService<ItemFeatureCache>();
            var grain = host.Grains.GetGrain<IItemFeatureGrain>("replica-1");
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            async Task Upsert(long offset, double price) =>
                await grain.ApplyAsync(new ApplyBatch([new SourcedEvent("test/0", offset, null, new ItemUpsert("replica-1", "shoes", price, [], now + offset))], []));
            async Task<double> CachedPrice()
            {
                var states = new EntityState[1];
                await cache.GetManyAsync(["replica-1"], states);
                return states[0].Cells.TryGetValue("item_price", out var c) ? c.V : double.NaN;
            }

            await Upsert(0, 10);
            var fetched = Stopwatch.StartNew();
            Assert.Equal(10, await CachedPrice());
            await Upsert(1, 20);
            Assert.Equal(10, await CachedPrice()); // within the bound the replica answers from memory

            // Past half the bound, the next read still answers from memory but starts a refresh; reads after it see
            // the new price well before the bound, where the replica would otherwise have had to refetch first.
            await Task.Delay((boundMs / 2) + 200);
            await CachedPrice();
            var seen = double.NaN;
            while (fetched.ElapsedMilliseconds < boundMs - 300 && (seen = await CachedPrice()) != 20)
            {
                await Task.Delay(20);
            }

            Assert.Equal(20, seen);
            Assert.True(fetched.ElapsedMilliseconds < boundMs, $"refreshed only after {fetched.ElapsedMilliseconds} ms");
        }
        finally
        {
            holder.Dispose();
        }
    }
}
