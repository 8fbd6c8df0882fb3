using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Api;

/// <summary>
/// Reads the multipart body of a model registration part by part, as it arrives: the <c>model</c> part streams into a
/// staged upload in the model store (<see cref="ModelUploads"/>, one chunk held at a time), the <c>manifest</c> part is
/// parsed. Parts may come in either order; other parts are skipped. Nothing of the model is buffered here.
/// </summary>
internal sealed class ModelUploadReader(IGrainFactory grains, CancellationToken ct)
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    public ModelManifest? Manifest { get; private set; }

    /// <summary>The staged model file, once the <c>model</c> part has been read.</summary>
    public StagedModel? Model { get; private set; }

    /// <summary>Reads every part. On a problem, the staged model (if any) is deleted and the problem returned.</summary>
    public async Task<ProblemHttpResult?> ReadAsync(HttpRequest request)
    {
        var error = await ReadPartsAsync(request);
        error ??= Model is null or { SizeBytes: 0 } ? Problems.Bad("part 'model' (the ONNX file) is missing or empty", "model") : null;
        error ??= Manifest is null ? Problems.Bad("part 'manifest' (JSON) is missing", "manifest") : null;
        if (error is not null && Model is not null)
        {
            await ModelUploads.AbortQuietlyAsync(grains.GetGrain<IModelUploadGrain>(Model.Upload));
            Model = null;
        }

        return error;
    }

    private async Task<ProblemHttpResult?> ReadPartsAsync(HttpRequest request)
    {
        if (Boundary(request) is not { } boundary)
        {
            return Problems.Bad("send multipart/form-data with parts 'model' (ONNX file) and 'manifest' (JSON)");
        }

        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            ProblemHttpResult? error = null;
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                // After a refusal the rest of the body is still read (the reader skips unread parts), so the client,
                // which may still be sending, gets the answer instead of a reset connection. Nothing more is staged.
                var part = section.GetContentDispositionHeader() is { } disposition ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
                error ??= part switch
                {
                    "model" => await ReadModelAsync(section.Body),
                    "manifest" => await ReadManifestAsync(section.Body),
                    _ => null,
                };
            }

            return error;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Problems.Bad($"the multipart body is malformed: {ex.Message}");
        }
    }

    private async Task<ProblemHttpResult?> ReadModelAsync(Stream body)
    {
        if (Model is not null)
        {
            return Problems.Bad("send exactly one part 'model'", "model");
        }

        try
        {
            using var limited = new LimitedStream(body, ModelUploadLimits.MaxModelBytes);
            Model = await ModelUploads.UploadAsync(grains, limited, ct);
            return null;
        }
        catch (LimitedStream.TooLargeException)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the model is larger than {ModelUploadLimits.MaxModelBytes / (1 << 20)} MiB");
        }
    }

    private async Task<ProblemHttpResult?> ReadManifestAsync(Stream body)
    {
        if (Manifest is not null)
        {
            return Problems.Bad("send exactly one part 'manifest'", "manifest");
        }

        string json;
        try
        {
            using var reader = new StreamReader(new LimitedStream(body, ModelUploadLimits.MaxManifestBytes));
            json = await reader.ReadToEndAsync(ct);
        }
        catch (LimitedStream.TooLargeException)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the manifest is larger than {ModelUploadLimits.MaxManifestBytes / (1 << 20)} MiB");
        }

        (Manifest, var error) = ParseManifest(json);
        return error;
    }

    /// <summary>The manifest, parsed, with the optional fields defaulted.</summary>
    private static (ModelManifest? Manifest, ProblemHttpResult? Error) ParseManifest(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, Problems.Bad("part 'manifest' (JSON) is missing", "manifest"));
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, ManifestJson);
        }
        catch (JsonException ex)
        {
            return (null, InvalidManifest($"the manifest is not valid: {ex.Message}"));
        }

        if (manifest is null || manifest.Features is null || manifest.Version is null)
        {
            return (null, InvalidManifest("the manifest must have name, version, features, inputName, outputName and sha256"));
        }

        return (manifest with
        {
            Metrics = manifest.Metrics ?? [],
            ReferenceHistograms = manifest.ReferenceHistograms ?? [],
            Dataset = manifest.Dataset ?? "",
            Trainer = manifest.Trainer ?? "",
        }, null);
    }

    private static ProblemHttpResult InvalidManifest(string detail) =>
        Problems.Status(StatusCodes.Status422UnprocessableEntity, "Invalid manifest", detail);

    private static string? Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) ? null : boundary;
    }
}
