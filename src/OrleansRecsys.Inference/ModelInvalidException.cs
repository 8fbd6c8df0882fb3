namespace OrleansRecsys.Inference;

/// <summary>A model that cannot be accepted or served; the message says exactly why.</summary>
public sealed class ModelInvalidException(string message) : Exception(message);
