namespace OrleansRecsys.Training;

/// <summary>
/// Training data where the training rows or the held-out rows are all one label: a classifier cannot be fitted or
/// judged on it (AUC would be undefined), so nothing is written.
/// </summary>
public sealed class OneClassDataException(string message) : Exception(message);
