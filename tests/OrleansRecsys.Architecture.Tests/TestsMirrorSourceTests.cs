namespace OrleansRecsys.Architecture.Tests;

/// <summary>
/// Tests mirror src/: every project with logic has its unit tests in <c>tests/OrleansRecsys.&lt;X&gt;.Tests</c>, so a
/// newcomer who opens a source file knows where its tests are. The two exceptions are named with the reason.
/// </summary>
public sealed class TestsMirrorSourceTests
{
    /// <summary>Projects whose tests live elsewhere, and where.</summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        // The host composes every other project; starting it is what the integration tests do.
        ["Silo"] = "OrleansRecsys.IntegrationTests",
        // The load tool and its suites are measurements; their figures are in docs/benchmarks.md.
        ["Benchmarks"] = "docs/benchmarks.md",
    };

    [Fact]
    public void Every_project_in_src_has_a_test_project_of_its_own_name()
    {
        var missing = SourceProject.All()
            .Where(project => !Exceptions.ContainsKey(project.Name))
            .Where(project => !File.Exists(TestProjectPath(project.Name)))
            .Select(project => $"{RepositoryRoot.Relative(project.CsprojPath)} has no " +
                               RepositoryRoot.Relative(TestProjectPath(project.Name)))
            .ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_test_project_named_after_a_source_project_references_it()
    {
        var wrong = SourceProject.All()
            .Where(project => File.Exists(TestProjectPath(project.Name)))
            .Where(project => !SourceProject.Load(TestProjectPath(project.Name)).References.Contains(project.Name))
            .Select(project => $"{RepositoryRoot.Relative(TestProjectPath(project.Name))} does not reference " +
                               $"{SourceProject.Prefix}{project.Name}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Each_exception_names_a_place_that_exists()
    {
        foreach (var place in Exceptions.Values)
        {
            var path = Path.Combine(RepositoryRoot.Path, place.Contains('/') ? place : Path.Combine("tests", place));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{place} does not exist");
        }
    }

    private static string TestProjectPath(string name) =>
        Path.Combine(RepositoryRoot.Path, "tests", $"{SourceProject.Prefix}{name}.Tests", $"{SourceProject.Prefix}{name}.Tests.csproj");
}
