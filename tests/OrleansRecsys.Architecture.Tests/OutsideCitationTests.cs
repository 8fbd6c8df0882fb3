using System.Text.RegularExpressions;

namespace OrleansRecsys.Architecture.Tests;

/// <summary>
/// Source, tests and docs must stand on their own: they may cite files in this repository, but not a design
/// document kept outside it nor an issue tracker's numbers, which a reader of the checkout cannot follow.
/// This file is the one place allowed to spell the patterns it looks for.
/// </summary>
public sealed partial class OutsideCitationTests
{
    private static readonly string[] ScannedDirectories = ["src", "tests", "docs"];
    private static readonly string[] ScannedFiles = ["README.md"];
    private static readonly HashSet<string> SkippedDirectoryNames = new(StringComparer.Ordinal) { "bin", "obj", "TestResults" };
    private static readonly string[] ForbiddenTexts = ["DESIGN.md", "DESIGN §"];

    [Fact]
    public void Nothing_cites_an_outside_design_document_or_an_issue_number()
    {
        var self = Path.Combine(RepositoryRoot.Path, "tests", "OrleansRecsys.Architecture.Tests", nameof(OutsideCitationTests) + ".cs");
        var citations = ScannedPaths()
            .Where(path => !string.Equals(path, self, StringComparison.Ordinal))
            .SelectMany(Citations)
            .ToList();

        ProjectGraphTests.FailIfAny(citations);
    }

    [Theory]
    [InlineData("see DESIGN.md for the rule", true)]
    [InlineData("as DESIGN §4 says", true)]
    [InlineData("fixed in issue 12", true)]
    [InlineData("Issue #7 again", true)]
    [InlineData("the contract is docs/design.md", false)]
    [InlineData("an issue with the broker", false)]
    public void A_line_is_judged_by_the_forbidden_texts_and_the_issue_pattern(string line, bool cites)
    {
        Assert.Equal(cites, Cites(line));
    }

    private static IEnumerable<string> ScannedPaths()
    {
        foreach (var directory in ScannedDirectories.Select(d => Path.Combine(RepositoryRoot.Path, d)).Where(Directory.Exists))
        {
            foreach (var file in FilesUnder(directory))
            {
                yield return file;
            }
        }

        foreach (var file in ScannedFiles.Select(f => Path.Combine(RepositoryRoot.Path, f)).Where(File.Exists))
        {
            yield return file;
        }
    }

    private static IEnumerable<string> FilesUnder(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (SkippedDirectoryNames.Contains(Path.GetFileName(child)))
            {
                continue;
            }

            foreach (var file in FilesUnder(child))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<string> Citations(string path)
    {
        if (IsBinary(path))
        {
            yield break;
        }

        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Cites(lines[i]))
            {
                yield return $"{RepositoryRoot.Relative(path)}:{i + 1}: {lines[i].Trim()}";
            }
        }
    }

    private static bool Cites(string line) =>
        ForbiddenTexts.Any(text => line.Contains(text, StringComparison.Ordinal)) || IssueNumber().IsMatch(line);

    /// <summary>Model files and other binaries in tests are not prose; a NUL byte early on says so.</summary>
    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[8000];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }

    [GeneratedRegex(@"[Ii]ssue #?\d+")]
    private static partial Regex IssueNumber();
}
