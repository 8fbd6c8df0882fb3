using System.Text.RegularExpressions;

namespace OrleansRecsys.Architecture.Tests;

/// <summary>
/// The allowed project dependencies, read from the Mermaid block under the "Projects" heading of
/// docs/architecture.md. Projects are named without the <c>OrleansRecsys.</c> prefix. Each line of the block is
/// <c>graph LR</c>, a <c>%%</c> comment, an edge <c>A --> B</c>, or a project with no references of its own.
/// Anything else is refused, so the diagram cannot say more than these tests understand.
/// </summary>
internal sealed partial class ProjectGraph
{
    public const string Heading = "## Projects";

    private readonly Dictionary<string, SortedSet<string>> _allowed;

    private ProjectGraph(Dictionary<string, SortedSet<string>> allowed) => _allowed = allowed;

    public IReadOnlyCollection<string> Projects => _allowed.Keys;

    public bool Contains(string project) => _allowed.ContainsKey(project);

    public bool Allows(string from, string to) => _allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    public IReadOnlyCollection<string> AllowedFrom(string project) =>
        _allowed.TryGetValue(project, out var targets) ? targets : [];

    public static ProjectGraph Load(string markdownPath) => Parse(File.ReadAllText(markdownPath));

    public static ProjectGraph Parse(string markdown)
    {
        var allowed = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var line in MermaidBlockUnderHeading(markdown.Split('\n')))
        {
            AddLine(allowed, line.Trim());
        }

        if (allowed.Count == 0)
        {
            throw new FormatException($"The Mermaid block under '{Heading}' names no projects");
        }

        return new ProjectGraph(allowed);
    }

    private static IEnumerable<string> MermaidBlockUnderHeading(string[] lines)
    {
        var heading = Array.FindIndex(lines, l => l.TrimEnd() == Heading);
        if (heading < 0)
        {
            throw new FormatException($"No '{Heading}' heading");
        }

        var fence = FindFenceInSection(lines, heading + 1);
        var close = Array.FindIndex(lines, fence + 1, l => l.Trim() == "```");
        if (close < 0)
        {
            throw new FormatException($"The Mermaid block under '{Heading}' is not closed");
        }

        return lines[(fence + 1)..close];
    }

    private static int FindFenceInSection(string[] lines, int start)
    {
        for (var i = start; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (lines[i].Trim() == "```mermaid")
            {
                return i;
            }
        }

        throw new FormatException($"No ```mermaid block under '{Heading}'");
    }

    private static void AddLine(Dictionary<string, SortedSet<string>> allowed, string line)
    {
        if (line.Length == 0 || line.StartsWith("%%", StringComparison.Ordinal) || GraphDeclaration().IsMatch(line))
        {
            return;
        }

        if (Edge().Match(line) is { Success: true } edge)
        {
            Node(allowed, edge.Groups["from"].Value).Add(edge.Groups["to"].Value);
            Node(allowed, edge.Groups["to"].Value);
            return;
        }

        if (Project().IsMatch(line))
        {
            Node(allowed, line);
            return;
        }

        throw new FormatException($"Line '{line}' under '{Heading}' is neither 'A --> B' nor a project name");
    }

    private static SortedSet<string> Node(Dictionary<string, SortedSet<string>> allowed, string project)
    {
        if (!allowed.TryGetValue(project, out var targets))
        {
            allowed[project] = targets = new SortedSet<string>(StringComparer.Ordinal);
        }

        return targets;
    }

    [GeneratedRegex(@"^(graph|flowchart)\s+(LR|RL|TB|TD|BT)$")]
    private static partial Regex GraphDeclaration();

    [GeneratedRegex(@"^(?<from>[A-Za-z][A-Za-z0-9.]*)\s*-->\s*(?<to>[A-Za-z][A-Za-z0-9.]*)$")]
    private static partial Regex Edge();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]*$")]
    private static partial Regex Project();
}
