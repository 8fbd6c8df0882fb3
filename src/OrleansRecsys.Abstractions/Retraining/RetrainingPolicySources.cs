namespace OrleansRecsys;

/// <summary>Where a model's effective retraining policy comes from (<see cref="RetrainingView.Source"/>).</summary>
public static class RetrainingPolicySources
{
    /// <summary><c>Recsys:Retraining:Models:{name}</c>.</summary>
    public const string Configuration = "configuration";

    /// <summary>A <c>PUT /v1/models/{name}/retraining</c>, stored with the model's autopilot; it wins over the configuration.</summary>
    public const string Api = "api";

    /// <summary>No policy: the model is not retrained automatically (a manual run still can be).</summary>
    public const string None = "none";
}
