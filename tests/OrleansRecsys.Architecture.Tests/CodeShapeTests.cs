using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansRecsys.Architecture.Tests;

/// <summary>
/// The house rules a reader relies on when walking src/ and tests/: a file holds one type (in src/, one public type) and
/// is named after it, and no member body is longer than a screen. Parsed with Roslyn, so comments, strings and expression bodies count right.
/// </summary>
public sealed class CodeShapeTests
{
    private const int MaxBodyLines = 60;

    [Fact]
    public void Every_file_in_src_holds_at_most_one_public_type_named_like_the_file() =>
        ProjectGraphTests.FailIfAny(TypesNotOnePerFile("src", type => type.Modifiers.Any(SyntaxKind.PublicKeyword), "public type"));

    /// <summary>Test code is read as often as src/, and a fixture or helper hidden behind another test's file name is
    /// as hard to find there, so every top-level type counts, whatever its visibility.</summary>
    [Fact]
    public void Every_file_in_tests_holds_at_most_one_top_level_type_named_like_the_file() =>
        ProjectGraphTests.FailIfAny(TypesNotOnePerFile("tests", _ => true, "top-level type"));

    [Fact]
    public void No_member_body_in_src_or_tests_is_longer_than_60_lines()
    {
        var violations = new List<string>();
        foreach (var (path, root) in SourceFiles("src").Concat(SourceFiles("tests")))
        {
            foreach (var body in root.DescendantNodes().Where(IsBody))
            {
                var span = body.GetLocation().GetLineSpan();
                var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
                if (lines > MaxBodyLines)
                {
                    violations.Add($"{RepositoryRoot.Relative(path)}:{span.StartLinePosition.Line + 1} {Owner(body)} is {lines} lines");
                }
            }
        }

        ProjectGraphTests.FailIfAny(violations);
    }

    private static List<string> TypesNotOnePerFile(string folder, Func<MemberDeclarationSyntax, bool> counts, string kind)
    {
        var violations = new List<string>();
        foreach (var (path, root) in SourceFiles(folder))
        {
            var types = root.DescendantNodes(node => node is not BaseTypeDeclarationSyntax)
                .OfType<MemberDeclarationSyntax>()
                .Where(IsTopLevelType)
                .Where(counts)
                .Select(TypeName)
                .ToList();
            var fileName = Path.GetFileNameWithoutExtension(path);
            if (types.Count > 1)
            {
                violations.Add($"{RepositoryRoot.Relative(path)} holds {types.Count} {kind}s: {string.Join(", ", types)}");
            }
            else if (types.Count == 1 && types[0] != fileName)
            {
                violations.Add($"{RepositoryRoot.Relative(path)} holds {kind} {types[0]}; name the file after it");
            }
        }

        return violations;
    }

    private static IEnumerable<(string Path, SyntaxNode Root)> SourceFiles(string folder)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.GetFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                        && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path).GetRoot()));
    }

    private static bool IsTopLevelType(MemberDeclarationSyntax member) =>
        member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax
        && member.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax;

    private static string TypeName(MemberDeclarationSyntax type) => type switch
    {
        BaseTypeDeclarationSyntax declared => declared.Identifier.Text,
        DelegateDeclarationSyntax @delegate => @delegate.Identifier.Text,
        _ => type.Kind().ToString(),
    };

    /// <summary>A block or expression body of a method, constructor, accessor, operator or local function.</summary>
    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax or ArrowExpressionClauseSyntax
        && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax;

    private static string Owner(SyntaxNode body) => body.Parent switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text + " constructor",
        LocalFunctionStatementSyntax local => local.Identifier.Text,
        var other => other!.Kind().ToString(),
    };
}
