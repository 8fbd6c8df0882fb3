namespace OrleansRecsys.Cli;

/// <summary>A failure that is not the API's (a missing key or catalogue file): printed as <c>error: …</c>, exit 1.</summary>
internal sealed class CliException(string message) : Exception(message);
