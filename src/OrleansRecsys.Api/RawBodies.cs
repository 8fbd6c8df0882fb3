using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api;

/// <summary>Bodies taken as text, for documents the grid validates itself (a catalogue): size and media type checked here.</summary>
internal static class RawBodies
{
    public static async Task<(string? Text, ProblemHttpResult? Error)> ReadJsonTextAsync(HttpRequest request, long maxBytes = Problems.MaxBodyBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (!(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        }

        try
        {
            using var limited = new LimitedStream(request.Body, maxBytes);
            using var reader = new StreamReader(limited, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return string.IsNullOrWhiteSpace(text) ? (null, Problems.Bad("the body must be a catalogue document")) : (text, null);
        }
        catch (LimitedStream.TooLargeException)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.Bad("the body is not UTF-8 text"));
        }
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the body is limited to {maxBytes} bytes");
}
