using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// <c>recsys.v1.Serving</c> (role recsys.score): the gRPC door to the serving path the HTTP API takes too. The call's own
/// deadline caps the request's deadline_ms (<see cref="GrpcDeadline"/>), so a short one still gets an answer in time.
/// </summary>
[Authorize(Policy = Roles.Score)]
internal sealed class ServingService(ServingCalls calls, IOptions<ServingOptions> serving) : V1.Serving.ServingBase
{
    [RouteGroup(RouteGroups.Rank)]
    public override async Task<V1.RankResponse> Rank(V1.RankRequest request, ServerCallContext context)
    {
        var deadlineMs = GrpcDeadline.Cap(request.HasDeadlineMs ? request.DeadlineMs : null, context.Deadline, DateTime.UtcNow, serving.Value);
        var body = RpcMapping.ToBody(request) with { DeadlineMs = deadlineMs };
        var answer = await calls.RankAsync(body, RpcMapping.ToContext(request.Context), context.GetHttpContext().User, context.CancellationToken);
        return RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(answer));
    }

    [RouteGroup(RouteGroups.Recommend)]
    public override async Task<V1.RankResponse> Recommend(V1.RecommendRequest request, ServerCallContext context)
    {
        var deadlineMs = GrpcDeadline.Cap(request.HasDeadlineMs ? request.DeadlineMs : null, context.Deadline, DateTime.UtcNow, serving.Value);
        var body = RpcMapping.ToBody(request) with { DeadlineMs = deadlineMs };
        var answer = await calls.RecommendAsync(body, RpcMapping.ToContext(request.Context), context.GetHttpContext().User, context.CancellationToken);
        return RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(answer));
    }

    /// <remarks>In the same limiter group as HTTP's GET /v1/recommendations/{userId}, which the score role puts with rank.</remarks>
    [RouteGroup(RouteGroups.Rank)]
    public override async Task<V1.RecommendationsResponse> GetRecommendations(V1.GetRecommendationsRequest request, ServerCallContext context)
    {
        var deadlineMs = GrpcDeadline.Cap(request.HasDeadlineMs ? request.DeadlineMs : null, context.Deadline, DateTime.UtcNow, serving.Value);
        var query = RpcMapping.ToQuery(request) with { DeadlineMs = deadlineMs };
        return RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.RecommendationsAsync(query)));
    }
}
