using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary><c>recsys.v1.Serving</c> (role recsys.score): the gRPC door to the serving path the HTTP API takes too.</summary>
[Authorize(Policy = Roles.Score)]
internal sealed class ServingService(ServingCalls calls) : V1.Serving.ServingBase
{
    [RouteGroup(RouteGroups.Rank)]
    public override async Task<V1.RankResponse> Rank(V1.RankRequest request, ServerCallContext context) =>
        RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.RankAsync(RpcMapping.ToBody(request), null, context.GetHttpContext().User, context.CancellationToken)));

    [RouteGroup(RouteGroups.Recommend)]
    public override async Task<V1.RankResponse> Recommend(V1.RecommendRequest request, ServerCallContext context) =>
        RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.RecommendAsync(RpcMapping.ToBody(request), null, context.GetHttpContext().User, context.CancellationToken)));
}
