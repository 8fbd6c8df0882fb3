using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Registry of one model's versions (key: model name). Reads interleave, so the coordinator can check a
/// version while a registration is in progress.</summary>
[Alias("recsys.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Validates the staged file against the manifest and the catalogue; publishes it in the store and records the
    /// version if it passes. Either way the staging file is gone afterwards.</summary>
    [Alias("RegisterStaged")] Task<RegistrationResult> RegisterAsync(ModelManifest manifest, StagedModel model, string who);
    [Alias("Get"), AlwaysInterleave] ValueTask<ModelVersionInfo?> GetAsync(string version);
    [Alias("List"), AlwaysInterleave] ValueTask<ModelVersionInfo[]> ListAsync();
    [Alias("Retire")] Task<RegistrationResult> RetireAsync(string version, string who);
}
