using System.Reflection;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion.Tests.Backfill;

/// <summary>A grain factory that hands out the test's epoch grains by key (<c>topic/partition</c>) and nothing else.</summary>
public class EpochGrainFactory : DispatchProxy
{
    private Func<string, object> _grainFor = _ => throw new InvalidOperationException("no grains");

    /// <summary>A factory whose <c>GetGrain(key)</c> answers <paramref name="grainFor"/>(key).</summary>
    internal static IGrainFactory Create(Func<string, ISourceEpochGrain> grainFor)
    {
        var factory = DispatchProxy.Create<IGrainFactory, EpochGrainFactory>();
        ((EpochGrainFactory)(object)factory)._grainFor = grainFor;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == nameof(IGrainFactory.GetGrain) && args is [string key, ..]
            ? _grainFor(key)
            : throw new NotSupportedException(targetMethod?.Name);
}
