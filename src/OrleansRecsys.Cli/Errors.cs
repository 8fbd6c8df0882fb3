namespace OrleansRecsys.Cli;

/// <summary>Bad command-line input: the tool prints the message and the usage text and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A failure that is not the API's (a missing key or catalogue file): printed as <c>error: …</c>, exit 1.</summary>
public sealed class CliException(string message) : Exception(message);
