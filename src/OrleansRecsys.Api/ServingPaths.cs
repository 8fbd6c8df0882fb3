using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>
/// The requests the rate limits and route groups apply to: the HTTP API under <c>/v1</c> and the gRPC services of package
/// <c>recsys.v1</c> (their paths are <c>/recsys.v1.{Service}/{Method}</c>). Health, metrics, reflection and the API
/// document are outside both.
/// </summary>
public static class ServingPaths
{
    public const string Http = "/v1";

    /// <summary>The path prefix of every method of the published gRPC contract (<c>proto/recsys/v1/recsys.proto</c>).</summary>
    public const string GrpcPackage = "/recsys.v1.";

    public static bool IsServing(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Http) || IsGrpcServing(context);

    public static bool IsGrpcServing(HttpContext context) =>
        context.Request.Path.Value?.StartsWith(GrpcPackage, StringComparison.Ordinal) == true;

    /// <summary>A gRPC call, whatever its service: its content type is <c>application/grpc</c> (or a <c>+proto</c> form of it).</summary>
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
