namespace OrleansRecsys.Grains.Rollout;

/// <summary>What a silo learned when it looked up a model it held no plan for (the <c>result</c> label of
/// <c>recsys_model_lookups</c>).</summary>
internal static class LookupResults
{
    public const string Servable = "servable";
    public const string NotServable = "not_servable";
    public const string Unknown = "unknown";

    public static readonly string[] All = [Servable, NotServable, Unknown];
}
