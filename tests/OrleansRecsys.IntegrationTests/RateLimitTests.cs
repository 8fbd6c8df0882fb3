using System.Net;
using OrleansRecsys.Security;

namespace OrleansRecsys.IntegrationTests;

/// <summary>A small host of its own with a tight per-caller rate limit.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Callers_over_their_rate_get_429_with_retry_after_while_others_are_served()
    {
        await TestInfra.WithOwnKafkaAsync("rl", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "rl", store, train: false,
                new Dictionary<string, string?> { ["Recsys:Auth:RateLimitPerSecond"] = "5" });
            using var greedy = host.Http(Roles.Read);
            var statuses = new List<HttpResponseMessage>();
            for (var i = 0; i < 20; i++)
            {
                statuses.Add(await greedy.GetAsync("/v1/models"));
            }

            var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            Assert.NotEmpty(limited);
            Assert.True(statuses.Count(r => r.StatusCode == HttpStatusCode.OK) >= 5);
            Assert.Equal("1", limited[0].Headers.GetValues("Retry-After").Single());
            Assert.Contains("rate limit", await limited[0].Content.ReadAsStringAsync());

            using var other = host.Http();
            other.DefaultRequestHeaders.Authorization = new("Bearer",
                TokenMinter.Mint(SigningKeys.Decode(TestInfra.SigningKey), "orleans-recsys", "recsys", "someone-else", [Roles.Read], TimeSpan.FromHours(1)));
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/models")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Http().GetAsync("/health/live")).StatusCode);
        });
    }

    [Fact]
    public async Task Grpc_callers_over_their_rate_get_resource_exhausted_from_the_same_limit()
    {
        await TestInfra.WithOwnKafkaAsync("rl-grpc", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "rl-grpc", store, train: false,
                new Dictionary<string, string?> { ["Recsys:Auth:RateLimitPerSecond"] = "5" });
            using var channel = host.Grpc();
            var features = new Rpc.V1.Features.FeaturesClient(channel);
            var codes = new List<Grpc.Core.StatusCode>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await features.GetUserFeaturesAsync(new Rpc.V1.GetFeaturesRequest { Id = "u1" }, GridHost.Bearer(Roles.Read));
                    codes.Add(Grpc.Core.StatusCode.OK);
                }
                catch (Grpc.Core.RpcException ex)
                {
                    codes.Add(ex.StatusCode);
                }
            }

            Assert.Contains(Grpc.Core.StatusCode.ResourceExhausted, codes);
            Assert.True(codes.Count(c => c == Grpc.Core.StatusCode.OK) >= 5);
            Assert.All(codes, c => Assert.True(c is Grpc.Core.StatusCode.OK or Grpc.Core.StatusCode.ResourceExhausted, c.ToString()));
        });
    }
}
