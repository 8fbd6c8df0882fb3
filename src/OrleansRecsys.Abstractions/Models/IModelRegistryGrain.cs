using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Registry of one model's versions (key: model name). Reads interleave, so the coordinator can check a
/// version while a registration is in progress.</summary>
[Alias("recsys.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<RegistrationResult> RegisterAsync(ModelManifest manifest, Immutable<byte[]> onnx, string who);
    [Alias("Get"), AlwaysInterleave] ValueTask<ModelVersionInfo?> GetAsync(string version);
    [Alias("List"), AlwaysInterleave] ValueTask<ModelVersionInfo[]> ListAsync();
    [Alias("Retire")] Task<RegistrationResult> RetireAsync(string version, string who);
}
