using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Inference;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Model registry endpoints: list and show (recsys.read), register and retire (recsys.admin).</summary>
internal static class ModelsApi
{
    /// <summary>The model file and the manifest at their limits, plus room for the multipart framing.</summary>
    private const long MaxUploadRequestBytes = ModelUploadLimits.MaxModelBytes + ModelUploadLimits.MaxManifestBytes + (64 << 10);

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

    /// <summary>
    /// Streams the model into a staged upload in the model store while reading the manifest, then hands the registry
    /// the manifest and the staged file's hash, never the bytes; the registry validates and publishes or deletes it.
    /// </summary>
    private static async Task<Results<Created<ModelVersionInfo>, ProblemHttpResult>> RegisterAsync(
        string name, HttpRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        var upload = new ModelUploadReader(grains, request.HttpContext.RequestAborted);
        if (await upload.ReadAsync(request) is { } error)
        {
            return error;
        }

        var manifest = upload.Manifest!;
        var result = await grains.GetGrain<IModelRegistryGrain>(name).RegisterAsync(manifest, upload.Model!, TokenMinter.Subject(user));
        return result.Status switch
        {
            RegistrationStatus.Registered => TypedResults.Created($"/v1/models/{name}/versions/{manifest.Version}", result.Info),
            RegistrationStatus.Conflict => Problems.Conflict(result.Error!),
            _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Model rejected", result.Error!),
        };
    }

    private static async Task<Results<Ok<ModelReport>, ProblemHttpResult>> ReportAsync(string name, IGrainFactory grains)
    {
        if (Validation.ModelNameInRoute(name) is { } badName)
        {
            return badName;
        }

        if (await grains.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync() is null)
        {
            return Problems.NoRolloutPlan(name);
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
}
