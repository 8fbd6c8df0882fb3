using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>gRPC ingestion on a real silo: a client stream is one batch, validated and published as HTTP's are.</summary>
[Collection(GridCollection.Name)]
public sealed class GrpcIngestTests(GridFixture grid)
{
    [Fact]
    public async Task Streamed_events_reach_the_user_grain_and_a_bad_entry_is_rejected_with_its_reason()
    {
        using var channel = grid.Host.Grpc();
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        V1.Event[] events =
        [
            new() { EventId = "grpc-e1", UserId = "grpc-ingest-u", ItemId = "i1", Type = "click", Ts = now },
            new() { EventId = "grpc-e2", UserId = "grpc-ingest-u", ItemId = "i2", Type = "click" },
            new() { EventId = "grpc-e3", UserId = "grpc-ingest-u", ItemId = "i3", Type = "click", Ts = now, Value = double.NaN },
        ];

        var response = await StreamAsync(new V1.Ingest.IngestClient(channel).IngestEvents(GridHost.Bearer(Roles.Ingest)), events);

        Assert.Equal(1, response.Accepted);
        Assert.Equal([1, 2], response.Rejected.Select(r => r.Index));
        Assert.Contains("ts", response.Rejected[0].Detail);
        Assert.Contains("value", response.Rejected[1].Detail);
        Assert.Equal(["accepted", "rejected", "rejected"], response.Entries.Select(e => e.Status));
        Assert.Equal("grpc-e1", response.Entries[0].Id);
        await TestInfra.WaitUntil(async () => (await ClicksAsync("grpc-ingest-u")) == 1, TimeSpan.FromSeconds(30), "the streamed click");
    }

    [Fact]
    public async Task Streamed_item_upserts_reach_the_item_grain()
    {
        using var channel = grid.Host.Grpc();
        var upsert = new V1.ItemUpsert { ItemId = "grpc-item-1", Category = "toys", Price = 12.5, Ts = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        upsert.Tags.Add("red");

        var response = await StreamAsync(new V1.Ingest.IngestClient(channel).IngestItems(GridHost.Bearer(Roles.Ingest)), [upsert]);

        Assert.Equal(1, response.Accepted);
        await TestInfra.WaitUntil(async () =>
            (await grid.Host.Grains.GetGrain<IItemFeatureGrain>("grpc-item-1").GetFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
                .Numbers.GetValueOrDefault("item_price") == 12.5, TimeSpan.FromSeconds(30), "the streamed upsert");
    }

    [Fact]
    public async Task An_empty_stream_is_invalid_and_a_scorer_may_not_ingest()
    {
        using var channel = grid.Host.Grpc();
        var client = new V1.Ingest.IngestClient(channel);

        var empty = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(client.IngestEvents(GridHost.Bearer(Roles.Ingest)), []));
        var scorer = await Assert.ThrowsAsync<RpcException>(() =>
            StreamAsync(client.IngestEvents(GridHost.Bearer(Roles.Score)), [new V1.Event { EventId = "x" }]));

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Contains("1..10000", empty.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, scorer.StatusCode);
    }

    private static async Task<V1.IngestResponse> StreamAsync<T>(AsyncClientStreamingCall<T, V1.IngestResponse> call, IEnumerable<T> entries)
    {
        using (call)
        {
            try
            {
                foreach (var entry in entries)
                {
                    await call.RequestStream.WriteAsync(entry);
                }

                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The server ended the call before reading everything (a refused token); its status is the answer's.
            }

            return await call.ResponseAsync;
        }
    }

    private async Task<double> ClicksAsync(string user) =>
        (await grid.Host.Grains.GetGrain<IUserFeatureGrain>(user).GetFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
            .Numbers.GetValueOrDefault("user_clicks_total");
}
