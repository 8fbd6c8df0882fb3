namespace OrleansRecsys.Architecture.Tests;

/// <summary>
/// The project graph drawn in docs/architecture.md is the rule: every src/ project is drawn, and every project
/// reference is an edge of the drawing. Benchmarks is drawn like any other project, so it is held to it too.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string ArchitecturePage = Path.Combine(RepositoryRoot.Path, "docs", "architecture.md");

    [Fact]
    public void Every_project_reference_in_src_is_an_edge_of_the_diagram()
    {
        var graph = ProjectGraph.Load(ArchitecturePage);
        var violations = new List<string>();
        foreach (var project in SourceProject.All())
        {
            foreach (var reference in project.References.Where(r => !graph.Allows(project.Name, r)))
            {
                var allowed = graph.AllowedFrom(project.Name);
                violations.Add(
                    $"{RepositoryRoot.Relative(project.CsprojPath)} references {SourceProject.Prefix}{reference}, " +
                    $"but docs/architecture.md allows {project.Name} --> " +
                    (allowed.Count == 0 ? "nothing" : string.Join(", ", allowed)));
            }
        }

        FailIfAny(violations);
    }

    [Fact]
    public void Every_project_in_src_is_in_the_diagram()
    {
        var graph = ProjectGraph.Load(ArchitecturePage);
        var missing = SourceProject.All()
            .Where(project => !graph.Contains(project.Name))
            .Select(project => $"{RepositoryRoot.Relative(project.CsprojPath)} is not in the diagram under " +
                               $"'{ProjectGraph.Heading}' of docs/architecture.md")
            .ToList();

        FailIfAny(missing);
    }

    [Fact]
    public void Every_project_in_the_diagram_exists_in_src()
    {
        var graph = ProjectGraph.Load(ArchitecturePage);
        var existing = SourceProject.All().Select(project => project.Name).ToHashSet(StringComparer.Ordinal);
        var phantoms = graph.Projects
            .Where(name => !existing.Contains(name))
            .Select(name => $"docs/architecture.md draws {name}, but there is no src/{SourceProject.Prefix}{name}/*.csproj")
            .ToList();

        FailIfAny(phantoms);
    }

    internal static void FailIfAny(IReadOnlyCollection<string> violations)
    {
        if (violations.Count > 0)
        {
            Assert.Fail($"{violations.Count} violation(s):\n" + string.Join("\n", violations));
        }
    }
}
