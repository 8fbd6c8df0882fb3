using System.Reflection;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Stands in for a grid interface (IGrainFactory): endpoints resolve it before they run, so it must exist, but every call
/// fails, because a test here that reaches the grid is a mistake.
/// </summary>
public class NoGridProxy : DispatchProxy
{
    public static T Create<T>() where T : class => DispatchProxy.Create<T, NoGridProxy>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException($"{targetMethod?.Name} was called: these tests never reach the grid");
}
