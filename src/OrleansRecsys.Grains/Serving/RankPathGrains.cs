using System.Collections.Concurrent;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// The grain references a rank request calls, without Orleans' per-call type resolution (see <see cref="StringKeyedGrains{TGrain}"/>):
/// a user's reference is made per request, a model version's once per version and then shared (references are
/// immutable and thread-safe).
/// </summary>
internal sealed class RankPathGrains(IGrainFactory grains)
{
    private readonly StringKeyedGrains<IUserFeatureStateGrain> _users = new(grains);
    private readonly ConcurrentDictionary<ModelVersionKey, IModelVersionGrain> _versions = new();

    public IUserFeatureStateGrain User(string userId) => _users.Get(userId);

    public IModelVersionGrain ModelVersion(string model, string version)
    {
        var key = new ModelVersionKey(model, version);
        if (!_versions.TryGetValue(key, out var grain))
        {
            // A version is added once; a retired one leaves a reference of a few dozen bytes behind, which is harmless.
            grain = _versions.GetOrAdd(key, grains.GetGrain<IModelVersionGrain>(key.ToString()));
        }

        return grain;
    }
}
