namespace OrleansRecsys.Api;

/// <summary>Why a serving call has no answer to give; each front door turns it into its own status (HTTP, gRPC).</summary>
public enum ServingFailureKind
{
    /// <summary>The input breaks a request rule; <see cref="ServingFailure.Field"/> names the field (HTTP 400, gRPC INVALID_ARGUMENT).</summary>
    InvalidArgument,

    /// <summary>The model was never registered; <see cref="ServingFailure.Model"/> names it (HTTP 404, gRPC NOT_FOUND).</summary>
    UnknownModel,

    /// <summary>A pinned version the model lacks, or a retired one; <see cref="ServingFailure.Model"/> and
    /// <see cref="ServingFailure.Field"/> (<c>version</c>) name it (HTTP 404, gRPC NOT_FOUND).</summary>
    UnknownVersion,

    /// <summary>The caller's roles do not allow what the request asks for, such as pinning a version; <see cref="ServingFailure.Field"/>
    /// names the field (HTTP 403, gRPC PERMISSION_DENIED).</summary>
    Forbidden,

    /// <summary>The model is registered but has no version this caller could be served with (HTTP 422, gRPC FAILED_PRECONDITION).</summary>
    NotServable,
}
