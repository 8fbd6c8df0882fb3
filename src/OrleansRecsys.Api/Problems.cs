using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrleansRecsys.Api;

/// <summary>RFC 7807 problem details and safe JSON body reading (a bad body is a 400 naming the field, never a 500).</summary>
public static class Problems
{
    public const long MaxBodyBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Converters = { new IdArrayConverter() },
    };

    /// <summary>A 400; <paramref name="field"/>, when given, goes into the <c>field</c> extension.</summary>
    public static ProblemHttpResult Bad(string detail, string? field = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>
    /// A serving call's refusal (<see cref="ServingCalls"/>): 400 naming the field; 404 for a model never registered (a typo
    /// would otherwise hide behind a popularity answer), naming it in the detail and in the <c>model</c> extension, or a
    /// pinned version it lacks; 403 when the caller may not pin; 422 for
    /// a model with no servable version.
    /// </summary>
    public static ProblemHttpResult For(ServingFailure failure) => failure.Kind switch
    {
        ServingFailureKind.InvalidArgument => Bad(failure.Message, failure.Field),
        ServingFailureKind.UnknownModel => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown model",
            extensions: new Dictionary<string, object?> { ["model"] = failure.Model }),
        ServingFailureKind.UnknownVersion => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown version",
            extensions: new Dictionary<string, object?> { ["model"] = failure.Model, ["version"] = failure.Version, ["field"] = failure.Field }),
        ServingFailureKind.Forbidden => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            extensions: new Dictionary<string, object?> { ["field"] = failure.Field }),
        _ => Status(StatusCodes.Status422UnprocessableEntity, "Model not servable", failure.Message),
    };

    /// <summary>
    /// A refused rollout or retraining change (<see cref="RolloutOutcome"/>): 400 naming <paramref name="field"/> when the
    /// refusal names one, 404 for a model without a plan, 409 for a stale revision or a run in progress, else 422.
    /// </summary>
    public static ProblemHttpResult For(RolloutOutcome outcome, string detail, string? field = null) => outcome switch
    {
        RolloutOutcome.BadRequest => Bad(detail, field),
        RolloutOutcome.Conflict => Conflict(detail),
        RolloutOutcome.NotFound => NotFound(detail),
        _ => Status(StatusCodes.Status422UnprocessableEntity, "Unprocessable", detail),
    };

    /// <summary>The 404 for a model without a rollout plan: it was never registered, so nothing about it can be shown.</summary>
    public static ProblemHttpResult NoRolloutPlan(string model) => NotFound($"model '{model}' has no rollout plan");

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    /// <summary>Writes a problem outside an endpoint (middleware callbacks such as the rate limiter's).</summary>
    public static Task Write(HttpContext ctx, int status, string title, string detail)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }, Json, "application/problem+json");
    }

    /// <summary>Reads a JSON body of at most <paramref name="maxBytes"/> into T; on failure returns a problem (400 names the JSON path).</summary>
    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadAsync<T>(HttpRequest request, long maxBytes = MaxBodyBytes)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (!(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        }

        try
        {
            using var limited = new LimitedStream(request.Body, maxBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(limited, Json, request.HttpContext.RequestAborted);
            return value is null ? (null, Bad("the body must be a JSON object")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
            return (null, Bad(field is null ? "the body is not valid JSON" : $"field '{field}' has the wrong type or format", field));
        }
        catch (LimitedStream.TooLargeException)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the body is limited to {maxBytes} bytes");
}
