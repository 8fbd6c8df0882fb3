namespace OrleansRecsys.Grains.Resilience;

/// <summary>The states of a model version's circuit, as metrics label them.</summary>
internal static class ModelCircuitStates
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half_open";

    public static readonly string[] All = [Closed, Open, HalfOpen];
}
