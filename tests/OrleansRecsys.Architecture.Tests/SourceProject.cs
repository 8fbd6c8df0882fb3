using System.Xml.Linq;

namespace OrleansRecsys.Architecture.Tests;

/// <summary>A project under src/ and the projects its csproj references, all by short name.</summary>
internal sealed record SourceProject(string Name, string CsprojPath, IReadOnlyList<string> References)
{
    public const string Prefix = "OrleansRecsys.";

    /// <summary>Every src/*/*.csproj of the repository.</summary>
    public static IReadOnlyList<SourceProject> All() =>
        Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src"))
            .SelectMany(directory => Directory.GetFiles(directory, "*.csproj"))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    public static SourceProject Load(string csprojPath)
    {
        var references = XDocument.Load(csprojPath)
            .Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => (string?)element.Attribute("Include"))
            .OfType<string>()
            .Select(include => ShortName(include.Replace('\\', '/')))
            .ToList();
        return new SourceProject(ShortName(csprojPath), csprojPath, references);
    }

    /// <summary><c>../OrleansRecsys.Grains/OrleansRecsys.Grains.csproj</c> is <c>Grains</c>.</summary>
    public static string ShortName(string csprojPath)
    {
        var name = Path.GetFileNameWithoutExtension(csprojPath);
        return name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
    }
}
