using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo.Tests;

/// <summary>The per-silo item replica ranking reads: bounded staleness, refreshed ahead for items in use.</summary>
public sealed class ItemReplicaTests
{
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
