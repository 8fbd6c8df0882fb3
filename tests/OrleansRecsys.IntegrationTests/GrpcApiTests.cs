using System.Net;
using System.Net.Http.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using StatusCode = Grpc.Core.StatusCode;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The gRPC door of a real silo (PostgreSQL, mock Kafka, the demo ranker): the HTTP API's answers, refusals and roles.</summary>
[Collection(GridCollection.Name)]
public sealed class GrpcApiTests(GridFixture grid)
{
    private static readonly string[] Candidates = ["i1", "i2", "i3", "i4", "i5"];

    [Fact]
    public async Task Rank_over_grpc_scores_with_the_stable_version_and_returns_k_of_the_candidates()
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.RankRequest { UserId = "grpc-u1", K = 3 };
        request.Candidates.Add(Candidates);

        var response = await new V1.Serving.ServingClient(channel).RankAsync(request, GridHost.Bearer(Roles.Score));

        Assert.False(response.Fallback, response.FallbackReason);
        Assert.Equal("ranker", response.Model);
        Assert.True(response.HasVersion);
        Assert.Equal(3, response.Items.Count);
        Assert.All(response.Items, item => Assert.Contains(item.ItemId, Candidates));
        Assert.False(string.IsNullOrEmpty(response.RequestId));
    }

    [Fact]
    public async Task Rank_over_grpc_answers_what_http_answers_for_the_same_request()
    {
        using var channel = grid.Host.Grpc();
        using var http = grid.Host.Http(Roles.Score);
        var request = new V1.RankRequest { UserId = "grpc-u2" };
        request.Candidates.Add(Candidates);

        var overGrpc = await new V1.Serving.ServingClient(channel).RankAsync(request, GridHost.Bearer(Roles.Score));
        var overHttp = await (await http.PostAsJsonAsync("/v1/rank", new { userId = "grpc-u2", candidates = Candidates })).Content.ReadFromJsonAsync<RankResponse>();

        Assert.Equal(overHttp!.Items.Select(i => i.ItemId), overGrpc.Items.Select(i => i.ItemId));
        Assert.Equal(overHttp.Version, overGrpc.Version);
        Assert.Equal(5, overGrpc.Items.Count); // the default k, min(10, candidates), resolved by the one serving path
    }

    [Fact]
    public async Task Recommend_over_grpc_leaves_out_the_excluded_items()
    {
        using var channel = grid.Host.Grpc();
        var client = new V1.Serving.ServingClient(channel);
        var all = await client.RecommendAsync(new V1.RecommendRequest { UserId = "grpc-u3", K = 5 }, GridHost.Bearer(Roles.Score));
        Assert.NotEmpty(all.Items);
        var excluded = all.Items[0].ItemId;
        var request = new V1.RecommendRequest { UserId = "grpc-u3", K = 5 };
        request.Exclude.Add(excluded);

        var response = await client.RecommendAsync(request, GridHost.Bearer(Roles.Score));

        Assert.DoesNotContain(excluded, response.Items.Select(i => i.ItemId));
        Assert.InRange(response.Items.Count, 1, 5);
    }

    [Theory]
    [InlineData("", "i1", 3, null, "userId")]
    [InlineData("u", "", 3, null, "candidates")]
    [InlineData("u", "i1,", 3, null, "candidates[1]")]
    [InlineData("u", "i1", 0, null, "k")]
    [InlineData("u", "i1", 201, null, "k")]
    [InlineData("u", "i1", 3, "../etc", "model")]
    public async Task Bad_rank_input_is_invalid_argument_naming_the_field(string userId, string candidates, int k, string? model, string field)
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.RankRequest { UserId = userId, K = k };
        request.Candidates.Add(candidates.Length == 0 ? [] : candidates.Split(','));
        if (model is not null)
        {
            request.Model = model;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Serving.ServingClient(channel).RankAsync(request, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Violation(error).Field);
    }

    [Fact]
    public async Task A_recommend_without_k_is_invalid_argument_naming_k()
    {
        using var channel = grid.Host.Grpc();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Serving.ServingClient(channel).RecommendAsync(new V1.RecommendRequest { UserId = "u" }, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("k", Violation(error).Field);
    }

    [Fact]
    public async Task A_model_never_registered_is_not_found_naming_the_model()
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.RankRequest { UserId = "u", Model = "no-such-model" };
        request.Candidates.Add("i1");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Serving.ServingClient(channel).RankAsync(request, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no-such-model", error.GetRpcStatus()!.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.RankRequest { UserId = "u" };
        request.Candidates.Add("i1");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new V1.Serving.ServingClient(channel).RankAsync(request));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_method_s_role_is_permission_denied()
    {
        using var channel = grid.Host.Grpc();
        var request = new V1.RankRequest { UserId = "u" };
        request.Candidates.Add("i1");

        var rankAsReader = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Serving.ServingClient(channel).RankAsync(request, GridHost.Bearer(Roles.Read)));
        var featuresAsScorer = await Assert.ThrowsAsync<RpcException>(async () =>
            await new V1.Features.FeaturesClient(channel).GetUserFeaturesAsync(new V1.GetFeaturesRequest { Id = "u" }, GridHost.Bearer(Roles.Score)));

        Assert.Equal(StatusCode.PermissionDenied, rankAsReader.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, featuresAsScorer.StatusCode);
    }

    [Fact]
    public async Task Features_and_vectors_over_grpc_read_the_grid()
    {
        using var channel = grid.Host.Grpc();
        var features = new V1.Features.FeaturesClient(channel);
        var vectorsRequest = new V1.VectorsRequest { UserId = "grpc-u4" };
        vectorsRequest.ItemIds.Add(["i1", "i2"]);

        var user = await features.GetUserFeaturesAsync(new V1.GetFeaturesRequest { Id = "grpc-u4" }, GridHost.Bearer(Roles.Read));
        var vectors = await features.GetVectorsAsync(vectorsRequest, GridHost.Bearer(Roles.Read));
        var badId = await Assert.ThrowsAsync<RpcException>(async () =>
            await features.GetItemFeaturesAsync(new V1.GetFeaturesRequest(), GridHost.Bearer(Roles.Read)));

        Assert.Equal("grpc-u4", user.Id);
        Assert.Equal(["i1", "i2"], vectors.Rows.Select(r => r.ItemId));
        Assert.All(vectors.Rows, row => Assert.Equal(vectors.FeatureNames.Count, row.Values.Count));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal("id", Violation(badId).Field);
    }

    [Fact]
    public async Task The_health_service_reports_the_readiness_check_without_a_token()
    {
        using var channel = grid.Host.Grpc();
        var health = new Health.HealthClient(channel);

        var server = await health.CheckAsync(new HealthCheckRequest());
        var serving = await health.CheckAsync(new HealthCheckRequest { Service = V1.Serving.Descriptor.FullName });
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, server.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Server_reflection_lists_the_published_services_under_both_protocol_versions()
    {
        using var channel = grid.Host.Grpc();
        using var v1Alpha = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        using var v1 = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await v1Alpha.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await v1Alpha.RequestStream.CompleteAsync();
        Assert.True(await v1Alpha.ResponseStream.MoveNext(CancellationToken.None));
        await v1.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = "" });
        await v1.RequestStream.CompleteAsync();
        Assert.True(await v1.ResponseStream.MoveNext(CancellationToken.None));
        var services = v1Alpha.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();

        Assert.Contains("recsys.v1.Serving", services);
        Assert.Contains("recsys.v1.Features", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(services, v1.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task The_grpc_port_serves_only_grpc_and_the_http_port_no_grpc()
    {
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        var healthOnGrpcPort = await http2.GetAsync(grid.Host.GrpcUrl + "/health/live");
        using var httpPortChannel = Grpc.Net.Client.GrpcChannel.ForAddress(grid.Host.Url);
        var grpcOnHttpPort = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(httpPortChannel).CheckAsync(new HealthCheckRequest()));

        Assert.Equal(HttpStatusCode.NotFound, healthOnGrpcPort.StatusCode);
        Assert.NotEqual(StatusCode.OK, grpcOnHttpPort.StatusCode);
    }

    private static BadRequest.Types.FieldViolation Violation(RpcException error) =>
        Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
}
