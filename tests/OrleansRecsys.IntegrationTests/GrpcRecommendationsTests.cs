using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// gRPC GetRecommendations on the batch grid (12 items, six "bt-books" and six "bt-games"): the answers, refusals and roles
/// of GET /v1/recommendations/{userId}, through the same serving path.
/// </summary>
public sealed class GrpcRecommendationsTests(BatchGridFixture grid) : IClassFixture<BatchGridFixture>
{
    [Fact]
    public async Task A_precomputed_list_over_grpc_is_what_http_serves_with_its_run_and_time()
    {
        var run = await grid.RunToEndAsync(new { k = 5 });
        using var channel = grid.Host.Grpc();
        using var http = grid.Host.Http(Roles.Score);
        var user = BatchGridFixture.UserId(4);

        var overGrpc = await new V1.Serving.ServingClient(channel).GetRecommendationsAsync(
            new V1.GetRecommendationsRequest { UserId = user, K = 5 }, GridHost.Bearer(Roles.Score));
        var overHttp = await (await http.GetAsync($"/v1/recommendations/{user}?k=5")).Json();

        Assert.Equal(("precomputed", "fresh"), (overGrpc.Source, overGrpc.Reason));
        Assert.Equal(run.GetProperty("runId").GetString(), overGrpc.RunId);
        Assert.Equal("v1", overGrpc.Version);
        Assert.Equal(overHttp.GetProperty("computedAt").GetDateTimeOffset(), overGrpc.ComputedAt.ToDateTimeOffset());
        Assert.Equal(ItemIds(overHttp), overGrpc.Items.Select(i => i.ItemId));
        Assert.Equal(5, overGrpc.Items.Count);
    }

    [Fact]
    public async Task A_user_without_history_asking_for_a_category_over_grpc_gets_that_category_s_popular_items()
    {
        using var channel = grid.Host.Grpc();

        var answer = await new V1.Serving.ServingClient(channel).GetRecommendationsAsync(
            new V1.GetRecommendationsRequest { UserId = "bt-grpc-newcomer", K = 20, Category = "bt-books" }, GridHost.Bearer(Roles.Score));

        Assert.Equal(("popular", "no_history"), (answer.Source, answer.Reason));
        Assert.False(answer.HasVersion);
        Assert.Null(answer.ComputedAt);
        var top = await grid.Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Category("bt-books")).TopAsync(20);
        Assert.Equal(6, top.Length);
        Assert.Equal(top.Select(e => e.ItemId), answer.Items.Select(i => i.ItemId));
    }

    [Theory]
    [InlineData("", null, null, null, null, null, "userId")]
    [InlineData("u", 0, null, null, null, null, "k")]
    [InlineData("u", 201, null, null, null, null, "k")]
    [InlineData("u", null, "Bad Name", null, null, null, "model")]
    [InlineData("u", null, null, 0, null, null, "maxAgeSeconds")]
    [InlineData("u", null, null, null, 0, null, "deadlineMs")]
    [InlineData("u", null, null, null, null, "", "category")]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string userId, int? k, string? model, int? maxAgeSeconds, int? deadlineMs,
        string? category, string field)
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.GetRecommendationsRequest { UserId = userId };
        if (k is { } kValue)
        {
            request.K = kValue;
        }

        if (model is not null)
        {
            request.Model = model;
        }

        if (maxAgeSeconds is { } maxAge)
        {
            request.MaxAgeSeconds = maxAge;
        }

        if (deadlineMs is { } deadline)
        {
            request.DeadlineMs = deadline;
        }

        if (category is not null)
        {
            request.Category = category;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Serving.ServingClient(channel).GetRecommendationsAsync(request, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task A_model_never_registered_is_not_found_naming_the_model()
    {
        using var channel = grid.Host.Grpc();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new V1.Serving.ServingClient(channel).GetRecommendationsAsync(
            new V1.GetRecommendationsRequest { UserId = "u", Model = "no-such-model" }, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no-such-model", error.GetRpcStatus()!.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public async Task It_needs_a_scoring_token()
    {
        using var channel = grid.Host.Grpc();
        var client = new V1.Serving.ServingClient(channel);
        var request = new V1.GetRecommendationsRequest { UserId = "u" };

        var reader = await Assert.ThrowsAsync<RpcException>(async () => await client.GetRecommendationsAsync(request, GridHost.Bearer(Roles.Read)));
        var nobody = await Assert.ThrowsAsync<RpcException>(async () => await client.GetRecommendationsAsync(request,
            deadline: DateTime.UtcNow.AddSeconds(30)));

        Assert.Equal(StatusCode.PermissionDenied, reader.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, nobody.StatusCode);
    }

    private static IEnumerable<string?> ItemIds(JsonElement answer) =>
        answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString());
}
