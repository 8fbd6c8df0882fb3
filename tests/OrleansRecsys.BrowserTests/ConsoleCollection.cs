[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OrleansRecsys.BrowserTests;

/// <summary>One grid and one browser for every test: starting either per test would cost more than the tests.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
