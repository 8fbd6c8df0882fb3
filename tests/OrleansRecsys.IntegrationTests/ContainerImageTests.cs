using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The Dockerfile restores before it copies the sources (so the restore layer is cached): it must copy the
/// project file of every project the published ones depend on, or the image does not build.</summary>
public sealed partial class ContainerImageTests
{
    private static readonly string Root = SiloProcess.RepoRoot();

    [Fact]
    public void The_restore_step_has_the_project_file_of_every_project_the_image_publishes_or_depends_on()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var beforeRestore = dockerfile[..dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal)];
        var copied = CopiedProject().Matches(beforeRestore).Select(m => m.Groups["path"].Value).ToHashSet(StringComparer.Ordinal);
        var published = PublishedProject().Matches(dockerfile).Select(m => m.Groups["path"].Value).ToArray();

        Assert.NotEmpty(published);
        var needed = published.SelectMany(ProjectClosure).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.All(needed, project => Assert.Contains(project, copied));
    }

    /// <summary>A project and every project it references, transitively, as repository-relative paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Path.Combine(Root, next))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^COPY\s+(?<path>src/\S+\.csproj)\s", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();

    [GeneratedRegex(@"dotnet publish\s+(?<path>src/\S+\.csproj)")]
    private static partial Regex PublishedProject();
}
