using Orleans.Concurrency;

namespace OrleansRecsys.Grains.Models;

/// <summary>
/// Sends a model from a stream to the model store through an <see cref="IModelUploadGrain"/>, one chunk at a time:
/// the HTTP API (on a silo or a gateway) and the demo bootstrap register models this way, holding one chunk at most.
/// </summary>
public static class ModelUploads
{
    /// <summary>Copies <paramref name="source"/> to a new staged upload and completes it. On any failure the upload is
    /// aborted (its staging file deleted) and the exception propagates.</summary>
    public static async Task<StagedModel> UploadAsync(IGrainFactory grains, Stream source, CancellationToken ct = default)
    {
        var upload = grains.GetGrain<IModelUploadGrain>(Guid.NewGuid());
        try
        {
            await SendChunksAsync(upload, source, ct);
            return await upload.CompleteAsync();
        }
        catch
        {
            await AbortQuietlyAsync(upload);
            throw;
        }
    }

    /// <summary>Deletes a staged upload that will not be registered; a failure here leaves it to the store's clean-up.</summary>
    public static async Task AbortQuietlyAsync(IModelUploadGrain upload)
    {
        try
        {
            await upload.AbortAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The caller is already failing with the exception that matters; a staging file left behind is removed
            // when the grain is collected or, after a crash, by the store's stale-staging sweep at start.
        }
    }

    private static async Task SendChunksAsync(IModelUploadGrain upload, Stream source, CancellationToken ct)
    {
        // One buffer for the whole upload: each call completes before the buffer is refilled, and Immutable spares
        // the copy a call inside one silo would otherwise make. Only a short last chunk needs an array of its own.
        var buffer = new byte[ModelUploadLimits.ChunkBytes];
        long offset = 0;
        while (true)
        {
            var filled = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (filled == 0)
            {
                return;
            }

            await upload.AppendAsync(offset, new Immutable<byte[]>(filled == buffer.Length ? buffer : buffer[..filled]));
            offset += filled;
            if (filled < buffer.Length)
            {
                return;
            }
        }
    }
}
