namespace OrleansRecsys.Features;

/// <summary>The feature catalogue, or a model's use of it, is invalid; the message names the feature and field.</summary>
public sealed class CatalogException(string message) : Exception(message);
