using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary><c>recsys.v1.Features</c> (role recsys.read): feature reads and vectors through the HTTP API's serving path.</summary>
[Authorize(Policy = Roles.Read)]
internal sealed class FeaturesService(ServingCalls calls) : V1.Features.FeaturesBase
{
    public override async Task<V1.FeaturesResponse> GetUserFeatures(V1.GetFeaturesRequest request, ServerCallContext context) =>
        RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.UserFeaturesAsync(request.Id)).Snapshot);

    public override async Task<V1.FeaturesResponse> GetItemFeatures(V1.GetFeaturesRequest request, ServerCallContext context) =>
        RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.ItemFeaturesAsync(request.Id)).Snapshot);

    public override async Task<V1.VectorsResponse> GetVectors(V1.VectorsRequest request, ServerCallContext context) =>
        RpcMapping.ToMessage(RpcStatuses.AnswerOrThrow(await calls.VectorsAsync(RpcMapping.ToBody(request))));
}
