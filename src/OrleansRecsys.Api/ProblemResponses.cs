using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>The problem responses that whole families of endpoints share, declared once for the OpenAPI document.</summary>
internal static class ProblemResponses
{
    /// <summary>Any /v1 caller: no or bad token, missing role, rate limit, a transient cluster failure.</summary>
    public static TBuilder ProducesCallerProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>An endpoint that reads a JSON body: invalid input, too large, not JSON.</summary>
    public static TBuilder ProducesJsonBodyProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
