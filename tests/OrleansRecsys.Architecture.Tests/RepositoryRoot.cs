namespace OrleansRecsys.Architecture.Tests;

/// <summary>The checkout these tests run in: the nearest directory above the test binaries that holds the solution.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "OrleansRecsys.sln";

    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}");
    }

    /// <summary>A path relative to the root, with forward slashes, for messages.</summary>
    public static string Relative(string fullPath) =>
        System.IO.Path.GetRelativePath(Path, fullPath).Replace('\\', '/');
}
