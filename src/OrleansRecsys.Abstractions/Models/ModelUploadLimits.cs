namespace OrleansRecsys;

/// <summary>The sizes of a model upload, the same over HTTP and inside the grid.</summary>
public static class ModelUploadLimits
{
    /// <summary>The largest model file accepted (256 MiB).</summary>
    public const long MaxModelBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The bytes travel to the store in chunks of at most 1 MiB, one grain call each: far below Orleans' largest message
    /// (100 MB by default), and what a gateway or silo holds of an upload at any moment.
    /// </summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>The largest manifest accepted (1 MiB); its reference histograms are the bulk of it.</summary>
    public const int MaxManifestBytes = 1 << 20;
}
