using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The request context over gRPC (field 7 of rank and recommend): it reaches the model as the JSON body's context does,
/// and is refused with INVALID_ARGUMENT naming <c>context.KEY</c> wherever the HTTP door answers 400 naming it.
/// The context ranker scores sqrt(1 + ui_category_matches_page): the item of the page's category ranks first.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GrpcContextTests(GridFixture grid)
{
    [Fact]
    public async Task The_page_category_in_the_context_decides_which_item_ranks_first()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await ContextFeatureTests.RegisterAsync(admin, "c1");
        await ContextFeatureTests.UpsertItemsAsync(admin);
        using var channel = grid.Host.Grpc();
        var serving = new V1.Serving.ServingClient(channel);

        string shoesFirst = "", gardenFirst = "";
        await TestInfra.WaitUntil(async () =>
        {
            shoesFirst = (await serving.RankAsync(Rank("shoes"), GridHost.Bearer(Roles.Score))).Items[0].ItemId;
            gardenFirst = (await serving.RankAsync(Rank("garden"), GridHost.Bearer(Roles.Score))).Items[0].ItemId;
            return (shoesFirst, gardenFirst) == ("ctx-i1", "ctx-i2");
        }, TimeSpan.FromSeconds(30), () => $"the page's category item first (shoes: {shoesFirst}, garden: {gardenFirst})");
    }

    [Theory]
    [InlineData("ctx_weather", "rain", null)] // not in the catalogue
    [InlineData("ctx_hour", "14", null)] // a number feature sent as text
    [InlineData("ctx_device", null, 7.0)] // a text feature sent as a number
    [InlineData("ctx_device", null, null)] // neither text nor number
    public async Task A_context_entry_the_catalogue_refuses_is_invalid_argument_naming_it(string key, string? text, double? number)
    {
        using var admin = grid.Host.Http(Roles.Admin);
        await ContextFeatureTests.RegisterAsync(admin, "c1");
        using var channel = grid.Host.Grpc();
        var serving = new V1.Serving.ServingClient(channel);
        var value = text is not null ? new V1.ContextValue { Text = text } : number is { } n ? new V1.ContextValue { Number = n } : new V1.ContextValue();
        var rank = Rank(null);
        rank.Context[key] = value;
        var recommend = new V1.RecommendRequest { UserId = "ctx-g2", Model = ContextFeatureTests.Model, K = 1 };
        recommend.Context[key] = value;

        var rankError = await Assert.ThrowsAsync<RpcException>(async () => await serving.RankAsync(rank, GridHost.Bearer(Roles.Score)));
        var recommendError = await Assert.ThrowsAsync<RpcException>(async () => await serving.RecommendAsync(recommend, GridHost.Bearer(Roles.Score)));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (rankError.StatusCode, recommendError.StatusCode));
        Assert.Equal("context." + key, Field(rankError));
        Assert.Equal("context." + key, Field(recommendError));
    }

    [Fact]
    public async Task A_context_past_the_request_limits_is_refused_as_the_json_door_refuses_it()
    {
        using var channel = grid.Host.Grpc();
        var serving = new V1.Serving.ServingClient(channel);
        var tooLong = Rank(null);
        tooLong.Context["ctx_device"] = new V1.ContextValue { Text = new string('m', RequestLimits.MaxContextTextLength + 1) };
        var tooMany = Rank(null);
        for (var i = 0; i <= RequestLimits.MaxContextEntries; i++)
        {
            tooMany.Context["k" + i] = new V1.ContextValue { Number = i };
        }

        var longError = await Assert.ThrowsAsync<RpcException>(async () => await serving.RankAsync(tooLong, GridHost.Bearer(Roles.Score)));
        var manyError = await Assert.ThrowsAsync<RpcException>(async () => await serving.RankAsync(tooMany, GridHost.Bearer(Roles.Score)));

        Assert.Equal("context.ctx_device", Field(longError));
        Assert.Equal("context", Field(manyError));
    }

    /// <summary>A rank of both context items for the context ranker, on a page of <paramref name="pageCategory"/> (none: no context).</summary>
    private static V1.RankRequest Rank(string? pageCategory)
    {
        var request = new V1.RankRequest { UserId = "ctx-g1", Model = ContextFeatureTests.Model };
        request.Candidates.Add(["ctx-i2", "ctx-i1"]);
        if (pageCategory is not null)
        {
            request.Context["ctx_page_category"] = new V1.ContextValue { Text = pageCategory };
            request.Context["ctx_hour"] = new V1.ContextValue { Number = 14 };
        }

        return request;
    }

    private static string Field(RpcException error) => error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field;
}
