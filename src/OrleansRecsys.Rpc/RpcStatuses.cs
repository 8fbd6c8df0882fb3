using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// A serving call's refusal as a gRPC status, with the standard <c>google.rpc</c> details a client library can read
/// (<c>grpc-status-details-bin</c>): INVALID_ARGUMENT with a <see cref="BadRequest"/> naming the field, NOT_FOUND with a
/// <see cref="ResourceInfo"/> naming the model, FAILED_PRECONDITION for a model with no servable version. The HTTP API puts
/// the same failures in 400, 404 and 422 problems.
/// </summary>
internal static class RpcStatuses
{
    public const string ModelResource = "model";

    /// <summary>The answer, or the refusal thrown as the <see cref="RpcException"/> gRPC services report errors with.</summary>
    public static T AnswerOrThrow<T>(ServingOutcome<T> outcome)
        where T : class =>
        outcome.Failure is { } failure ? throw ToException(failure) : outcome.Value!;

    public static RpcException ToException(ServingFailure failure) => ToStatus(failure).ToRpcException();

    public static Google.Rpc.Status ToStatus(ServingFailure failure)
    {
        var status = new Google.Rpc.Status { Code = (int)CodeOf(failure.Kind), Message = failure.Message };
        if (failure.Kind is ServingFailureKind.InvalidArgument or ServingFailureKind.Forbidden)
        {
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = failure.Field ?? "", Description = failure.Message } },
            }));
        }
        else if (failure.Model is { } model)
        {
            status.Details.Add(Any.Pack(new ResourceInfo { ResourceType = ModelResource, ResourceName = model, Description = failure.Message }));
        }

        return status;
    }

    private static Google.Rpc.Code CodeOf(ServingFailureKind kind) => kind switch
    {
        ServingFailureKind.InvalidArgument => Google.Rpc.Code.InvalidArgument,
        ServingFailureKind.UnknownModel or ServingFailureKind.UnknownVersion => Google.Rpc.Code.NotFound,
        ServingFailureKind.Forbidden => Google.Rpc.Code.PermissionDenied,
        _ => Google.Rpc.Code.FailedPrecondition,
    };
}
