using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>
/// Refuses a gRPC call from middleware (the rate limiter), before any service runs: a trailers-only response, HTTP 200
/// with <c>grpc-status</c> and <c>grpc-message</c> in the headers, as the gRPC over HTTP/2 protocol has it, so a client
/// reads the code the limit means instead of guessing one from an HTTP status.
/// </summary>
public static class GrpcRefusal
{
    /// <summary>gRPC's RESOURCE_EXHAUSTED: a rate limit; retrying later helps.</summary>
    public const int ResourceExhausted = 8;

    /// <summary>gRPC's UNAVAILABLE: the server is overloaded or cannot reach what it needs; retrying helps.</summary>
    public const int Unavailable = 14;

    public static Task WriteAsync(HttpContext context, int code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
