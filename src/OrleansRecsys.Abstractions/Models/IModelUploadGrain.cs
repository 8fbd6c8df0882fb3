using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>
/// One model upload (key: a new id per upload): appends chunks of at most <see cref="ModelUploadLimits.ChunkBytes"/>
/// to a staging file in the model store, hashing them as they arrive. The completed upload is handed to
/// <see cref="IModelRegistryGrain.RegisterAsync"/> as a <see cref="StagedModel"/>, which validates it and either
/// publishes or deletes the file. An upload that is neither completed nor aborted is deleted when the grain is collected.
/// </summary>
[Alias("recsys.IModelUploadGrain")]
public interface IModelUploadGrain : IGrainWithGuidKey
{
    /// <summary>Appends <paramref name="chunk"/>, which must start at <paramref name="offset"/> (the bytes written so far),
    /// so that a chunk sent twice or out of order fails the upload instead of corrupting it.</summary>
    [Alias("Append")] Task AppendAsync(long offset, Immutable<byte[]> chunk);

    /// <summary>Closes the staging file and returns its hash and size.</summary>
    [Alias("Complete")] Task<StagedModel> CompleteAsync();

    /// <summary>Deletes the staging file, whether or not the upload was completed.</summary>
    [Alias("Abort")] Task AbortAsync();
}
