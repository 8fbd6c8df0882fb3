using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A gRPC call's deadline caps the request's deadline_ms. A user grain held in its activation (its state read waiting at
/// a storage gate) stalls every rank of that user; a call that asks for 10 s but whose own deadline is 2 s away still
/// answers in time, from the deadline fallback, instead of its caller's deadline passing first. (A grain held mid-write
/// would not do: writes interleave with reads.)
/// </summary>
public sealed class GrpcCallDeadlineTests
{
    private const string User = "grpc-held-user";

    [Fact]
    public async Task A_call_deadline_shorter_than_deadline_ms_gets_the_deadline_fallback_not_deadline_exceeded()
    {
        await TestInfra.WithOwnKafkaAsync("grpc-deadline", async (kafka, store) =>
        {
            // Grain state in the gated store, read by each activation as durable storage would be.
            await using var host = await GridHost.StartAsync(kafka, null, "grpc-deadline", store, train: false, services: services =>
            {
                services.AddKeyedSingleton<IGrainStorage, GatedGrainStorage>(StorageNames.Recsys);
                services.PostConfigure<GridOptions>(o => o.DurableState = true);
                services.PostConfigure<KafkaOptions>(o => o.DurableState = true);
            });
            await TestInfra.RegisterFirstRankerAsync(host.Url);
            var storage = (GatedGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);
            var gate = storage.HoldNextRead(StateNames.User);
            try
            {
                using var channel = host.Grpc();
                var request = new V1.RankRequest { UserId = User, K = 2, DeadlineMs = 10_000 };
                request.Candidates.Add(["i1", "i2", "i3"]);
                var call = new CallOptions(GridHost.Bearer(Roles.Score).Headers, DateTime.UtcNow.AddSeconds(2));

                var response = await new V1.Serving.ServingClient(channel).RankAsync(request, call);
                Assert.True(gate.Entered.IsCompleted, "the rank waited for the user's activation");

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
