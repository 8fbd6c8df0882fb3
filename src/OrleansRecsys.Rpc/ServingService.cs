using System.Security.Claims;
using Google.Protobuf.Collections;
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
        var body = RpcMapping.ToBody(request);
        return await ServeAsync(body with { DeadlineMs = CapDeadline(body.DeadlineMs, context) }, request.Context, context, calls.RankAsync);
    }

    [RouteGroup(RouteGroups.Recommend)]
    public override async Task<V1.RankResponse> Recommend(V1.RecommendRequest request, ServerCallContext context)
    {
        var body = RpcMapping.ToBody(request);
        return await ServeAsync(body with { DeadlineMs = CapDeadline(body.DeadlineMs, context) }, request.Context, context, calls.RecommendAsync);
    }

    /// <remarks>In the same limiter group as HTTP's GET /v1/recommendations/{userId}, which the score role puts with rank.</remarks>
    [RouteGroup(RouteGroups.Rank)]
    public override async Task<V1.RecommendationsResponse> GetRecommendations(V1.GetRecommendationsRequest request, ServerCallContext context)
    {
        var query = RpcMapping.ToQuery(request);
        var answer = await calls.RecommendationsAsync(query with { DeadlineMs = CapDeadline(query.DeadlineMs, context) });
        return RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(answer));
    }

    /// <summary>Rank and recommend differ only in their body and the serving call: each passes the request's context and
    /// the caller, and answers the ranking or the status its refusal maps to.</summary>
    private static async Task<V1.RankResponse> ServeAsync<TBody>(TBody body, MapField<string, V1.ContextValue> requestContext, ServerCallContext context,
        Func<TBody, ServingContext?, ClaimsPrincipal, CancellationToken, Task<ServingOutcome<RankResponse>>> serve)
    {
        var answer = await serve(body, RpcMapping.ToContext(requestContext), context.GetHttpContext().User, context.CancellationToken);
        return RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(answer));
    }

    /// <summary>The request's deadline_ms, capped by what the call's own deadline leaves (<see cref="GrpcDeadline"/>).</summary>
    private int? CapDeadline(int? requestedMs, ServerCallContext context) =>
        GrpcDeadline.Cap(requestedMs, context.Deadline, DateTime.UtcNow, serving.Value);
}
