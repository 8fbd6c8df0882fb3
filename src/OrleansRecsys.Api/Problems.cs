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
    };

    public static ProblemHttpResult Bad(string detail, string? field = null) =>
        TypedResults.Problem(detail, statusCode: 400, title: "Invalid request",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    public static Task Write(HttpContext ctx, int status, string title, string detail)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }, Json, "application/problem+json");
    }

    /// <summary>Reads a JSON body of at most 1 MB into T; on failure returns a 400 problem naming the JSON path.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadAsync<T>(HttpRequest request, long maxBytes = MaxBodyBytes)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Status(413, "Payload too large", $"the body is limited to {maxBytes} bytes"));
        }

        if (!(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Status(415, "Unsupported media type", "send the body as application/json"));
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
            return (null, Status(413, "Payload too large", $"the body is limited to {maxBytes} bytes"));
        }
    }

    /// <summary>A read-only stream that fails once more than a limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public sealed class TooLargeException : Exception;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            return _read > limit ? throw new TooLargeException() : n;
        }
    }
}
