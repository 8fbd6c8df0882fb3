namespace OrleansRecsys.IntegrationTests;

/// <summary>Test classes that set process environment variables (the pod variables Orleans' Kubernetes hosting reads)
/// or depend on their absence: one collection, so they never run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
