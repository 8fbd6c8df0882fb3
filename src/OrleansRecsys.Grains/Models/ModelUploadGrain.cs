using Orleans.Concurrency;
using Orleans.Placement;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// Writes one upload into the model store's staging folder, chunk by chunk. Placed on the calling silo when there is
/// one (the HTTP API of a silo), so the chunks never leave the process; from a gateway they arrive one message each.
/// The store folder is shared by all silos, so the registry grain reads the staged file wherever it runs.
/// </summary>
[PreferLocalPlacement]
internal sealed class ModelUploadGrain(ModelStore store) : Grain, IModelUploadGrain
{
    private ModelStaging? _staging;

    public async Task AppendAsync(long offset, Immutable<byte[]> chunk)
    {
        var bytes = chunk.Value;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, ModelUploadLimits.ChunkBytes, nameof(chunk));
        _staging ??= store.BeginStaging(this.GetPrimaryKey());
        if (offset != _staging.Length)
        {
            throw new ArgumentException($"chunk at offset {offset}, but {_staging.Length} bytes were written", nameof(offset));
        }

        if (_staging.Length + bytes.Length > ModelUploadLimits.MaxModelBytes)
        {
            throw new ArgumentException($"the model is larger than {ModelUploadLimits.MaxModelBytes} bytes", nameof(chunk));
        }

        await _staging.WriteAsync(bytes);
    }

    public async Task<StagedModel> CompleteAsync()
    {
        // An empty upload still gets its (empty) file, so that the registry's answer is "the file is empty", not "gone".
        _staging ??= store.BeginStaging(this.GetPrimaryKey());
        var staged = new StagedModel(this.GetPrimaryKey(), await _staging.CompleteAsync(), _staging.Length);
        await DisposeStagingAsync();
        DeactivateOnIdle();
        return staged;
    }

    public async Task AbortAsync()
    {
        await DisposeStagingAsync();
        store.Discard(this.GetPrimaryKey());
        DeactivateOnIdle();
    }

    /// <summary>An upload abandoned half-way (its caller gone) is deleted when the grain is collected.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => DisposeStagingAsync();

    private async Task DisposeStagingAsync()
    {
        if (_staging is not null)
        {
            await _staging.DisposeAsync();
            _staging = null;
        }
    }
}
