using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>Names grains in the checkpoint bookkeeping ("u:" + userId, "i:" + itemId).</summary>
internal static class GrainKeys
{
    public static string User(string id) => "u:" + id;

    public static string Item(string id) => "i:" + id;

    /// <summary>Flushes the grain a key names and returns what its durable state covers.</summary>
    public static Task<FlushResult> Flush(IGrainFactory grains, string key) => key[0] == 'u'
        ? grains.GetGrain<IUserFeatureStateGrain>(key[2..]).FlushAsync().AsTask()
        : grains.GetGrain<IItemFeatureStateGrain>(key[2..]).FlushAsync().AsTask();
}
