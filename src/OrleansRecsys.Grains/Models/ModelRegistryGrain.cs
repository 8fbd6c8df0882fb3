using Microsoft.Extensions.Logging;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Rollout;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// Versions of one model (key: model name). Registration validates the staged artifact completely before anything is
/// stored; the artifact is then renamed into the content-addressed store, the metadata goes to persisted state. The
/// bytes never pass through this grain: it gets the staged file's hash and reads the file from the shared store.
/// </summary>
internal sealed class ModelRegistryGrain(
    [PersistentState(StateNames.Registry, StorageNames.Recsys)] IPersistentState<ModelRegistryState> state,
    FeatureCatalog catalog,
    ModelStore store,
    RolloutPlanCache plans,
    ModelSessionCache sessions,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    private readonly CommittedState<ModelRegistryState> _state = new(state);

    public async Task<RegistrationResult> RegisterAsync(ModelManifest manifest, StagedModel model, string who)
    {
        try
        {
            return await RegisterStagedAsync(manifest, model, who);
        }
        finally
        {
            // Published (renamed away) or rejected: either way no staging file outlives the call.
            store.Discard(model.Upload);
        }
    }

    private async Task<RegistrationResult> RegisterStagedAsync(ModelManifest manifest, StagedModel model, string who)
    {
        var name = this.GetPrimaryKeyString();
        if (manifest.Version is not null && _state.Value.Versions.ContainsKey(manifest.Version))
        {
            return new RegistrationResult(RegistrationStatus.Conflict, $"{name}@{manifest.Version} is already registered; versions are immutable", null);
        }

        var staged = store.StagingPathOf(model.Upload);
        var (error, validated) = await Task.Run(() => ModelValidator.LoadValidFile(manifest, staged, model.Sha256, model.SizeBytes, catalog, name));
        if (error is not null)
        {
            logger.LogWarning("Rejected model {Model}@{Version}: {Reason}", name, manifest.Version, error);
            return new RegistrationResult(RegistrationStatus.Invalid, error, null);
        }

        var info = new ModelVersionInfo(manifest with { Sha256 = model.Sha256 }, ModelStatus.Active, DateTimeOffset.UtcNow, who, model.SizeBytes);
        try
        {
            store.Promote(model.Upload, model.Sha256);
            await _state.CommitAsync(_state.Value.With(info));
        }
        catch
        {
            validated!.Dispose();
            throw;
        }

        // The session validated here serves the version on this silo: the first plan that routes to it (for a first
        // version, the one made below) finds it loaded instead of loading the model again.
        try
        {
            await sessions.AdoptAsync(info.Manifest, validated!);
        }
        catch (ModelInvalidException ex)
        {
            // Registered all the same: it passed validation; loading it where it serves reports the same reason.
            logger.LogWarning("The validated session of {Model}@{Version} could not be kept: {Reason}", name, manifest.Version, ex.Message);
        }

        await GrainFactory.GetGrain<IModelIndexGrain>(0).AddAsync(name);
        logger.LogInformation("Registered model {Model}@{Version} ({Bytes} bytes) by {Who}", name, manifest.Version, model.SizeBytes, who);
        var coordinator = GrainFactory.GetGrain<IRolloutCoordinatorGrain>(name);
        if ((await coordinator.GetPlanAsync())?.Stable is null)
        {
            // A model's first version becomes its stable version; later ones go through the rollout API.
            await coordinator.InitializeAsync(manifest.Version!, who, $"first version of '{name}' becomes stable");
        }

        // This silo may remember the name as unknown from a request made before the registration.
        plans.ForgetMissing(name);
        return new RegistrationResult(RegistrationStatus.Registered, null, info);
    }

    public ValueTask<ModelVersionInfo?> GetAsync(string version) =>
        ValueTask.FromResult(_state.Value.Versions.GetValueOrDefault(version));

    public ValueTask<ModelVersionInfo[]> ListAsync() =>
        ValueTask.FromResult(_state.Value.Versions.Values.OrderBy(v => v.RegisteredAt).ToArray());

    public async Task<RegistrationResult> RetireAsync(string version, string who)
    {
        var name = this.GetPrimaryKeyString();
        if (!_state.Value.Versions.TryGetValue(version, out var info))
        {
            return new RegistrationResult(RegistrationStatus.Invalid, $"{name}@{version} is not registered", null);
        }

        var plan = await GrainFactory.GetGrain<IRolloutCoordinatorGrain>(name).GetPlanAsync();
        if (plan is not null && (plan.Stable == version || RolloutArms.Contains(plan, version) || plan.Shadow.Contains(version)))
        {
            return new RegistrationResult(RegistrationStatus.Conflict, $"{name}@{version} is in the rollout plan (stable, canary, arm or shadow); change the plan first", info);
        }

        info = info with { Status = ModelStatus.Retired };
        await _state.CommitAsync(_state.Value.With(info));
        logger.LogInformation("Retired model {Model}@{Version} by {Who}", name, version, who);
        return new RegistrationResult(RegistrationStatus.Registered, null, info);
    }
}
