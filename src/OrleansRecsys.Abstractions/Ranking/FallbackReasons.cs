namespace OrleansRecsys;

public static class FallbackReasons
{
    public const string NoModel = "no_model";
    public const string ModelError = "model_error";
    public const string ModelUnhealthy = "model_unhealthy";
    public const string Deadline = "deadline";
    public const string FeatureError = "feature_error";
}
