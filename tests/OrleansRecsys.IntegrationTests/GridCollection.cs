[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OrleansRecsys.IntegrationTests;

[CollectionDefinition(Name)]
public sealed class GridCollection : ICollectionFixture<GridFixture>
{
    public const string Name = "grid";
}
