using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansRecsys.Features;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// Versions of one model (key: model name). Registration validates the artifact completely before anything is
/// stored; the artifact goes to the content-addressed store, the metadata to persisted state.
/// </summary>
internal sealed class ModelRegistryGrain(
    [PersistentState(StateNames.Registry, StorageNames.Recsys)] IPersistentState<ModelRegistryState> state,
    FeatureCatalog catalog,
    ModelStore store,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    private readonly CommittedState<ModelRegistryState> _state = new(state);

    public async Task<RegistrationResult> RegisterAsync(ModelManifest manifest, Immutable<byte[]> onnx, string who)
    {
        var name = this.GetPrimaryKeyString();
        if (manifest.Version is not null && _state.Value.Versions.ContainsKey(manifest.Version))
        {
            return new RegistrationResult(RegistrationStatus.Conflict, $"{name}@{manifest.Version} is already registered; versions are immutable", null);
        }

        var bytes = onnx.Value;
        var error = await Task.Run(() => ModelValidator.Validate(manifest, bytes, catalog, name));
        if (error is not null)
        {
            logger.LogWarning("Rejected model {Model}@{Version}: {Reason}", name, manifest.Version, error);
            return new RegistrationResult(RegistrationStatus.Invalid, error, null);
        }

        await store.SaveAsync(bytes);
        var info = new ModelVersionInfo(manifest with { Sha256 = manifest.Sha256.ToLowerInvariant() }, ModelStatus.Active, DateTimeOffset.UtcNow, who, bytes.Length);
        await _state.CommitAsync(_state.Value.With(info));
        await GrainFactory.GetGrain<IModelIndexGrain>(0).AddAsync(name);
        logger.LogInformation("Registered model {Model}@{Version} ({Bytes} bytes) by {Who}", name, manifest.Version, bytes.Length, who);
        var coordinator = GrainFactory.GetGrain<IRolloutCoordinatorGrain>(name);
        if ((await coordinator.GetPlanAsync())?.Stable is null)
        {
            // A model's first version becomes its stable version; later ones go through the rollout API.
            await coordinator.InitializeAsync(manifest.Version!, who, $"first version of '{name}' becomes stable");
        }

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
        if (plan is not null && (plan.Stable == version || plan.Canary == version || plan.Shadow.Contains(version)))
        {
            return new RegistrationResult(RegistrationStatus.Conflict, $"{name}@{version} is in the rollout plan (stable, canary or shadow); change the plan first", info);
        }

        info = info with { Status = ModelStatus.Retired };
        await _state.CommitAsync(_state.Value.With(info));
        logger.LogInformation("Retired model {Model}@{Version} by {Who}", name, version, who);
        return new RegistrationResult(RegistrationStatus.Registered, null, info);
    }
}
