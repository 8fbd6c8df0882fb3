using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace OrleansRecsys.Api;

/// <summary>
/// The rollout console's static files, embedded in this assembly (the <c>Console/</c> folder of the project) so that every
/// silo and gateway serves the same page with no file system, CDN or front-end build: the grid may run offline.
/// </summary>
public static class ConsoleAssets
{
    /// <summary>The prefix of the files' manifest resource names (set by the project file).</summary>
    private const string ResourcePrefix = "console/";

    /// <summary>Only these kinds of file are served; anything else in the folder is a mistake the tests catch.</summary>
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> Files = new(Load);

    /// <summary>The page's entry point.</summary>
    public const string Index = "index.html";

    /// <summary>Names of every embedded file.</summary>
    public static IEnumerable<string> Names => Files.Value.Keys;

    /// <summary>The file called <paramref name="name"/> (no folders), or null.</summary>
    public static ConsoleAsset? Find(string name) => Files.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name))
                ?? throw new InvalidOperationException($"console file '{name}' has a type the console does not serve");
            var content = Read(assembly, resource);
            files[name] = new ConsoleAsset(name, content, type, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
