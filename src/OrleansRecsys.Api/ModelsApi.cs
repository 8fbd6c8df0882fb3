using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

public sealed record ModelSummary(string Name, RolloutPlan? Rollout, ModelVersionInfo[] Versions);

/// <summary>Model registry endpoints: list and show (recsys.read), register and retire (recsys.admin).</summary>
public static class ModelsApi
{
    public const long MaxModelBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/models").WithTags("Models");
        g.MapGet("/", ListAsync).RequireAuthorization(Roles.Read).WithName("ListModels").WithSummary("Registered models, versions and rollout plans");
        g.MapGet("/{name}/versions/{version}", GetAsync).RequireAuthorization(Roles.Read).WithName("GetModelVersion").WithSummary("One version with its manifest");
        g.MapPost("/{name}/versions", RegisterAsync).RequireAuthorization(Roles.Admin).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxModelBytes + (1 << 20)))
            .WithName("RegisterModelVersion").WithSummary("Register a version: multipart 'model' (ONNX) and 'manifest' (JSON)");
        g.MapGet("/{name}/report", ReportAsync).RequireAuthorization(Roles.Read).WithName("ModelReport")
            .WithSummary("Per variant: requests, latency, error and fallback rate, CTR with 95% interval, drift (PSI, KS)");
        g.MapDelete("/{name}/versions/{version}", RetireAsync).RequireAuthorization(Roles.Admin).WithName("RetireModelVersion").WithSummary("Retire a version not in the rollout plan");
    }

    public static async Task<Ok<ModelSummary[]>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IModelIndexGrain>(0).ListAsync();
        var result = new ModelSummary[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            result[i] = new ModelSummary(names[i], await grains.GetGrain<IRolloutCoordinatorGrain>(names[i]).GetPlanAsync(),
                await grains.GetGrain<IModelRegistryGrain>(names[i]).ListAsync());
        }

        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> GetAsync(string name, string version, IGrainFactory grains)
    {
        if (ModelValidator.ValidateName(name, "name") is { } e1 || ModelValidator.ValidateName(version, "version") is { } e2)
        {
            return Problems.Bad(ModelValidator.ValidateName(name, "name") ?? ModelValidator.ValidateName(version, "version")!);
        }

        var info = await grains.GetGrain<IModelRegistryGrain>(name).GetAsync(version);
        return info is null ? Problems.Status(404, "Not found", $"{name}@{version} is not registered") : TypedResults.Ok(info);
    }

    public static async Task<Results<Created<ModelVersionInfo>, ProblemHttpResult>> RegisterAsync(string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        if (!request.HasFormContentType)
        {
            return Problems.Bad("send multipart/form-data with parts 'model' (ONNX file) and 'manifest' (JSON)");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxModelBytes }, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Status(413, "Upload too large", ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Problems.Bad($"the multipart body is malformed: {ex.Message}");
        }

        var modelFile = form.Files.GetFile("model");
        if (modelFile is null || modelFile.Length == 0)
        {
            return Problems.Bad("part 'model' (the ONNX file) is missing or empty", "model");
        }

        string? manifestJson = form.Files.GetFile("manifest") is { } mf ? await ReadText(mf) : form["manifest"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(manifestJson))
        {
            return Problems.Bad("part 'manifest' (JSON) is missing", "manifest");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(manifestJson, Json);
        }
        catch (JsonException ex)
        {
            return Problems.Status(422, "Invalid manifest", $"the manifest is not valid: {ex.Message}");
        }

        if (manifest is null || manifest.Features is null || manifest.Version is null)
        {
            return Problems.Status(422, "Invalid manifest", "the manifest must have name, version, features, inputName, outputName and sha256");
        }

        manifest = manifest with
        {
            Metrics = manifest.Metrics ?? [],
            ReferenceHistograms = manifest.ReferenceHistograms ?? [],
            Dataset = manifest.Dataset ?? "",
            Trainer = manifest.Trainer ?? "",
        };
        using var ms = new MemoryStream((int)modelFile.Length);
        await modelFile.CopyToAsync(ms, request.HttpContext.RequestAborted);
        var result = await grains.GetGrain<IModelRegistryGrain>(name).RegisterAsync(manifest, new Orleans.Concurrency.Immutable<byte[]>(ms.ToArray()), TokenMinter.Subject(user));
        return result.Status switch
        {
            RegistrationStatus.Registered => TypedResults.Created($"/v1/models/{name}/versions/{manifest.Version}", result.Info),
            RegistrationStatus.Conflict => Problems.Status(409, "Conflict", result.Error!),
            _ => Problems.Status(422, "Model rejected", result.Error!),
        };
    }

    public static async Task<Results<Ok<ModelReport>, ProblemHttpResult>> ReportAsync(string name, IGrainFactory grains)
    {
        if (ModelValidator.ValidateName(name, "model name") is { } bad)
        {
            return Problems.Bad(bad, "name");
        }

        if (await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync() is null)
        {
            return Problems.Status(404, "Not found", $"model '{name}' has no rollout plan");
        }

        return TypedResults.Ok(await grains.GetGrain<IModelMonitorGrain>(name).GetReportAsync());
    }

    public static async Task<Results<Ok<ModelVersionInfo>, ProblemHttpResult>> RetireAsync(string name, string version, IGrainFactory grains, ClaimsPrincipal user)
    {
        var result = await grains.GetGrain<IModelRegistryGrain>(name).RetireAsync(version, TokenMinter.Subject(user));
        return result.Status switch
        {
            RegistrationStatus.Registered => TypedResults.Ok(result.Info!),
            RegistrationStatus.Conflict => Problems.Status(409, "Conflict", result.Error!),
            _ => Problems.Status(404, "Not found", result.Error!),
        };
    }

    private static async Task<string> ReadText(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync();
    }
}
