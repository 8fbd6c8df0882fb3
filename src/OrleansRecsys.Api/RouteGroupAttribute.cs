namespace OrleansRecsys.Api;

/// <summary>
/// Puts an endpoint into a route group (<see cref="RouteGroups"/>) by declaration, for endpoints whose role alone does not
/// say which group (the gRPC methods, whose names are not endpoint names). Attributes on a gRPC method become metadata of
/// its endpoint.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class RouteGroupAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
