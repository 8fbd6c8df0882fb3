using System.Reflection;

namespace OrleansRecsys.Grains.Tests.Catalog;

/// <summary>A grain factory that hands out one catalogue grain and nothing else.</summary>
public class CatalogGrainFactory : DispatchProxy
{
    private IFeatureCatalogGrain? _grain;

    internal static IGrainFactory Create(IFeatureCatalogGrain grain)
    {
        var factory = DispatchProxy.Create<IGrainFactory, CatalogGrainFactory>();
        ((CatalogGrainFactory)(object)factory)._grain = grain;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(IFeatureCatalogGrain)
            ? _grain
            : throw new NotSupportedException(targetMethod?.Name);
}
