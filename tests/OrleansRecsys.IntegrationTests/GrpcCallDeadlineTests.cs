using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A gRPC call's deadline caps the request's deadline_ms. A user grain held mid-write (state written at checkpoints, its write
/// waiting at a storage gate) stalls every rank of that user; a call that asks for 10 s but whose own deadline is 2 s
/// away still answers in time, from the deadline fallback, instead of its caller's deadline passing first.
/// </summary>
public sealed class GrpcCallDeadlineTests
{
    private const string User = "grpc-held-user";

    [Fact]
    public async Task A_call_deadline_shorter_than_deadline_ms_gets_the_deadline_fallback_not_deadline_exceeded()
    {
        await TestInfra.WithOwnKafkaAsync("grpc-deadline", async (kafka, store) =>
        {
            // Grain state in the gated store, written at checkpoints as durable storage would be.
            await using var host = await GridHost.StartAsync(kafka, null, "grpc-deadline", store, train: false, services: services =>
            {
                services.AddKeyedSingleton<IGrainStorage, GatedGrainStorage>(StorageNames.Recsys);
                services.PostConfigure<GridOptions>(o => o.DurableState = true);
                services.PostConfigure<KafkaOptions>(o => o.DurableState = true);
            });
            await TestInfra.RegisterFirstRankerAsync(host.Url);
            var storage = (GatedGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);
            var gate = storage.HoldNextWrite(StateNames.User);
            using var ingest = host.Http(Roles.Ingest);
            var click = new { eventId = "grpc-held-1", userId = User, itemId = "i1", type = "click", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsJsonAsync("/v1/events", new[] { click })).StatusCode);
            await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            try
            {
                using var channel = host.Grpc();
                var request = new V1.RankRequest { UserId = User, K = 2, DeadlineMs = 10_000 };
                request.Candidates.Add(["i1", "i2", "i3"]);
                var call = new CallOptions(GridHost.Bearer(Roles.Score).Headers, DateTime.UtcNow.AddSeconds(2));

                var response = await new V1.Serving.ServingClient(channel).RankAsync(request, call);

                Assert.True(response.Fallback);
                Assert.Equal(FallbackReasons.Deadline, response.FallbackReason);
                Assert.Equal(2, response.Items.Count);
            }
            finally
            {
                gate.Release(fail: false);
            }
        });
    }
}
