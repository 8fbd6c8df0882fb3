using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans.Concurrency;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Model registry endpoints: list and show (recsys.read), register and retire (recsys.admin).</summary>
internal static class ModelsApi
{
    private const long MaxModelBytes = 256L * 1024 * 1024;

    /// <summary>The model file plus room for the manifest and the multipart framing.</summary>
    private const long MaxUploadRequestBytes = MaxModelBytes + (1 << 20);

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    public static void Map(RouteGroupBuilder v1)
    {
        var models = v1.MapGroup("/models").WithTags("Models");
        models.MapGet("", ListAsync).RequireAuthorization(Roles.Read)
            .WithName("ListModels").WithSummary("Registered models, versions and rollout plans");
        models.MapGet("/{name}/versions/{version}", GetAsync).RequireAuthorization(Roles.Read)
            .WithName("GetModelVersion").WithSummary("One version with its manifest")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/{name}/versions", RegisterAsync).RequireAuthorization(Roles.Admin).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadRequestBytes))
            .WithName("RegisterModelVersion").WithSummary("Register a version: multipart 'model' (ONNX) and 'manifest' (JSON)")
            .DescribesBody<ModelUploadForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        models.MapGet("/{name}/report", ReportAsync).RequireAuthorization(Roles.Read)
            .WithName("ModelReport").WithSummary("Per variant: requests, latency, error and fallback rate, CTR with 95% interval, drift (PSI, KS)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        models.MapDelete("/{name}/versions/{version}", RetireAsync).RequireAuthorization(Roles.Admin)
            .WithName("RetireModelVersion").WithSummary("Retire a version not in the rollout plan")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<ModelSummary[]>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IModelIndexGrain>(0).ListAsync();
        var summaries = new ModelSummary[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            summaries[i] = new ModelSummary(names[i], await grains.GetGrain<IRolloutCoordinatorGrain>(names[i]).GetPlanAsync(),
                await grains.GetGrain<IModelRegistryGrain>(names[i]).ListAsync());
        }

        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> GetAsync(string name, string version, IGrainFactory grains)
    {
        if ((ModelValidator.ValidateName(name, "name") ?? ModelValidator.ValidateName(version, "version")) is { } invalid)
        {
            return Problems.Bad(invalid);
        }

        var info = await grains.GetGrain<IModelRegistryGrain>(name).GetAsync(version);
        return info is null ? Problems.NotFound($"{name}@{version} is not registered") : TypedResults.Ok(info);
    }

    /// <summary>Checks everything that can be checked here, then hands the manifest and the file to the registry, which checks the model itself.</summary>
    private static async Task<Results<Created<ModelVersionInfo>, ProblemHttpResult>> RegisterAsync(
        string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var (form, error) = await ReadFormAsync(request);
        if (error is not null)
        {
            return error;
        }

        var modelFile = form!.Files.GetFile("model");
        if (modelFile is null || modelFile.Length == 0)
        {
            return Problems.Bad("part 'model' (the ONNX file) is missing or empty", "model");
        }

        var (manifest, manifestError) = await ReadManifestAsync(form);
        if (manifestError is not null)
        {
            return manifestError;
        }

        var onnx = await ReadAllBytesAsync(modelFile, request.HttpContext.RequestAborted);
        var result = await grains.GetGrain<IModelRegistryGrain>(name).RegisterAsync(manifest!, new Immutable<byte[]>(onnx), TokenMinter.Subject(user));
        return result.Status switch
        {
            RegistrationStatus.Registered => TypedResults.Created($"/v1/models/{name}/versions/{manifest!.Version}", result.Info),
            RegistrationStatus.Conflict => Problems.Conflict(result.Error!),
            _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Model rejected", result.Error!),
        };
    }

    private static async Task<(IFormCollection? Form, ProblemHttpResult? Error)> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return (null, Problems.Bad("send multipart/form-data with parts 'model' (ONNX file) and 'manifest' (JSON)"));
        }

        try
        {
            return (await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxModelBytes }, request.HttpContext.RequestAborted), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", ex.Message));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Problems.Bad($"the multipart body is malformed: {ex.Message}"));
        }
    }

    /// <summary>The manifest part (a file or a plain field), parsed, with the optional fields defaulted.</summary>
    private static async Task<(ModelManifest? Manifest, ProblemHttpResult? Error)> ReadManifestAsync(IFormCollection form)
    {
        var manifestJson = form.Files.GetFile("manifest") is { } manifestFile ? await ReadTextAsync(manifestFile) : form["manifest"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(manifestJson))
        {
            return (null, Problems.Bad("part 'manifest' (JSON) is missing", "manifest"));
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(manifestJson, ManifestJson);
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

    private static async Task<Results<Ok<ModelReport>, ProblemHttpResult>> ReportAsync(string name, IGrainFactory grains)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        if (await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync() is null)
        {
            return Problems.NotFound($"model '{name}' has no rollout plan");
        }

        return TypedResults.Ok(await grains.GetGrain<IModelMonitorGrain>(name).GetReportAsync());
    }

    private static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> RetireAsync(string name, string version, IGrainFactory grains, ClaimsPrincipal user)
    {
        if ((ModelValidator.ValidateName(name, "name") ?? ModelValidator.ValidateName(version, "version")) is { } invalid)
        {
            return Problems.Bad(invalid);
        }

        var result = await grains.GetGrain<IModelRegistryGrain>(name).RetireAsync(version, TokenMinter.Subject(user));
        return result.Status switch
        {
            RegistrationStatus.Registered => TypedResults.Ok(result.Info!),
            RegistrationStatus.Conflict => Problems.Conflict(result.Error!),
            _ => Problems.NotFound(result.Error!),
        };
    }

    private static async Task<string> ReadTextAsync(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync();
    }

    private static async Task<byte[]> ReadAllBytesAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
