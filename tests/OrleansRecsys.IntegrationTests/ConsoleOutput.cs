namespace OrleansRecsys.IntegrationTests;

/// <summary>Tests that redirect <see cref="Console.Out"/> run one at a time: the console is one per process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutput
{
    public const string Name = "console output";
}
